import { encodeCursor } from './cursor';
import { DEFAULT_PAGE_SIZE, fetchPage, fetchRows } from './page';

const row = (n: number) => ({
  id: `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`,
  createdAt: new Date(Date.UTC(2026, 0, 1, 0, 0, 100 - n)),
});
const rows = Array.from({ length: 50 }, (_v, n) => row(n));

/** A newest-first table read as a repository reads it: `limit` rows strictly after `before`. */
const table = (limit: number, before?: { id: string }) => {
  const start = before ? rows.findIndex((r) => r.id === before.id) + 1 : 0;
  return Promise.resolve(rows.slice(start, start + limit));
};

describe('fetchPage', () => {
  it('should read one row more than the page and cursor at its last row', async () => {
    const asked: number[] = [];
    const page = await fetchPage(
      { limit: 3 },
      (n, before) => {
        asked.push(n);
        return table(n, before);
      },
      (r) => r.id,
    );
    expect(asked).toEqual([4]);
    expect(page).toEqual({
      data: rows.slice(0, 3).map((r) => r.id),
      nextCursor: encodeCursor(row(2)),
    });
  });

  it('should page a whole list with no row skipped or repeated, then end with null', async () => {
    const seen: string[] = [];
    let cursor: string | undefined;
    do {
      const page = await fetchPage({ limit: 7, cursor }, table, (r) => r.id);
      seen.push(...page.data);
      cursor = page.nextCursor ?? undefined;
    } while (cursor);
    expect(seen).toEqual(rows.map((r) => r.id));
  });

  it('should use the default page size without a limit', async () => {
    const page = await fetchPage({}, table, (r) => r);
    expect(page.data).toHaveLength(DEFAULT_PAGE_SIZE);
  });

  it('should treat an empty cursor as the first page', async () => {
    const page = await fetchPage({ limit: 2, cursor: '' }, table, (r) => r.id);
    expect(page.data).toEqual([row(0).id, row(1).id]);
  });
});

describe('fetchRows', () => {
  it('should cursor at the position the row names', async () => {
    const wrapped = async (n: number) => (await table(n)).map((r) => ({ submission: r }));
    const page = await fetchRows({ limit: 2 }, wrapped, (r) => r.submission);
    expect(page.data).toEqual([{ submission: row(0) }, { submission: row(1) }]);
    expect(page.nextCursor).toBe(encodeCursor(row(1)));
  });
});
