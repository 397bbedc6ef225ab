import { ValidationFailedError } from '../errors';
import { isUuid } from '../validation/uuid';

/** A keyset position (newest-first lists): opaque to clients, base64url of `createdAt|id`. */
export interface CursorPosition {
  createdAt: Date;
  id: string;
}

export function encodeCursor(position: CursorPosition): string {
  return Buffer.from(`${position.createdAt.toISOString()}|${position.id}`).toString('base64url');
}

/** The position a cursor from `encodeCursor` names; anything else is the client's 400. */
export function decodeCursor(cursor: string, field = 'query.cursor'): CursorPosition {
  const [iso, id, extra] = Buffer.from(cursor, 'base64url').toString('utf8').split('|');
  const createdAt = new Date(iso ?? '');
  if (extra !== undefined || !id || !isUuid(id) || Number.isNaN(createdAt.getTime())) {
    throw new ValidationFailedError([
      {
        field,
        message: 'Invalid cursor: pass the nextCursor of a previous page',
        code: 'invalid_string',
        received: cursor,
      },
    ]);
  }
  return { createdAt, id };
}
