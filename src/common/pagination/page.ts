import { encodeCursor } from './cursor';

/**
 * One page of a newest-first list from `limit + 1` rows: the extra row, when there is one, says
 * that a next page exists, and the last row shown is where it starts.
 */
export function toPage<T extends { createdAt: Date; id: string }, D>(
  rows: T[],
  limit: number,
  toDto: (row: T) => D,
): { data: D[]; nextCursor: string | null } {
  const items = rows.slice(0, limit);
  const last = items.at(-1);
  return {
    data: items.map(toDto),
    nextCursor: rows.length > limit && last ? encodeCursor(last) : null,
  };
}
