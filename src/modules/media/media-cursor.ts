import { ValidationFailedError } from '../../common/errors';
import type { MediaCursor } from './media.repository';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Opaque to clients: base64url of `<createdAt ISO>|<id>`. */
export function encodeCursor(cursor: MediaCursor): string {
  return Buffer.from(`${cursor.createdAt.toISOString()}|${cursor.id}`).toString('base64url');
}

export function decodeCursor(raw: string): MediaCursor {
  const [time, id, extra] = Buffer.from(raw, 'base64url').toString('utf8').split('|');
  const createdAt = new Date(time ?? '');
  if (extra !== undefined || !id || !UUID.test(id) || Number.isNaN(createdAt.getTime())) {
    throw new ValidationFailedError([
      { field: 'query.cursor', message: 'Invalid cursor', code: 'invalid_string', received: raw },
    ]);
  }
  return { createdAt, id };
}
