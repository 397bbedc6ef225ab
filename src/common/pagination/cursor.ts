import { ValidationFailedError } from '../errors';

/** A keyset position (newest-first lists): opaque to clients, base64url of `createdAt|id`. */
export interface CursorPosition {
  createdAt: Date;
  id: string;
}

export function encodeCursor(position: CursorPosition): string {
  return Buffer.from(`${position.createdAt.toISOString()}|${position.id}`).toString('base64url');
}

export function decodeCursor(cursor: string, field = 'query.cursor'): CursorPosition {
  const [iso, id] = Buffer.from(cursor, 'base64url').toString().split('|');
  const createdAt = new Date(iso ?? '');
  if (!id || Number.isNaN(createdAt.getTime()) || !/^[0-9a-f-]{36}$/i.test(id)) {
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
