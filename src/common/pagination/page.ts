import { type CursorPosition, decodeCursor, encodeCursor } from './cursor';

/** Page size of every newest-first list when the client gives no `limit`. */
export const DEFAULT_PAGE_SIZE = 20;

export interface Page<D> {
  data: D[];
  nextCursor: string | null;
}

/**
 * One page of a newest-first list from `limit + 1` rows: the extra row, when there is one, says
 * that a next page exists, and the last row shown is where it starts.
 */
export function toPage<T extends { createdAt: Date; id: string }, D>(
  rows: T[],
  limit: number,
  toDto: (row: T) => D,
): Page<D> {
  const items = rows.slice(0, limit);
  const last = items.at(-1);
  return {
    data: items.map(toDto),
    nextCursor: rows.length > limit && last ? encodeCursor(last) : null,
  };
}

/** Reads one page for `query` (limit and cursor): `fetch` gets how many rows and where to start. */
export async function fetchPage<T extends { createdAt: Date; id: string }, D>(
  query: { limit?: number; cursor?: string },
  fetch: (rows: number, before: CursorPosition | undefined) => Promise<T[]>,
  toDto: (row: T) => D,
): Promise<Page<D>> {
  const limit = query.limit ?? DEFAULT_PAGE_SIZE;
  const rows = await fetch(limit + 1, query.cursor ? decodeCursor(query.cursor) : undefined);
  return toPage(rows, limit, toDto);
}
