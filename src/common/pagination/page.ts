import { type CursorPosition, decodeCursor, encodeCursor } from './cursor';

/** Page size of every newest-first list when the client gives no `limit`. */
export const DEFAULT_PAGE_SIZE = 20;

/** What a list endpoint's query says about paging (see list-page.query.ts). */
export interface PageRequest {
  limit?: number;
  cursor?: string;
}

export interface Page<D> {
  data: D[];
  nextCursor: string | null;
}

/** Reads `rows` rows of a newest-first list, strictly after `before` when it is given. */
export type PageFetch<T> = (rows: number, before: CursorPosition | undefined) => Promise<T[]>;

/**
 * One page of rows, for lists whose rows are not themselves the keyset position or whose DTOs are
 * built for the whole page at once. `limit + 1` rows are read: the extra one, when there is one,
 * says that a next page exists, and the last row shown is where it starts.
 */
export async function fetchRows<T>(
  query: PageRequest,
  fetch: PageFetch<T>,
  positionOf: (row: T) => CursorPosition,
): Promise<Page<T>> {
  const limit = query.limit ?? DEFAULT_PAGE_SIZE;
  const rows = await fetch(limit + 1, query.cursor ? decodeCursor(query.cursor) : undefined);
  const data = rows.slice(0, limit);
  const last = data.at(-1);
  return {
    data,
    nextCursor: rows.length > limit && last ? encodeCursor(positionOf(last)) : null,
  };
}

/** One page of a list whose rows carry their own position, each row mapped by `toDto`. */
export async function fetchPage<T extends CursorPosition, D>(
  query: PageRequest,
  fetch: PageFetch<T>,
  toDto: (row: T) => D,
): Promise<Page<D>> {
  const page = await fetchRows(query, fetch, (row) => row);
  return { data: page.data.map(toDto), nextCursor: page.nextCursor };
}
