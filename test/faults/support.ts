import type { DataSource } from 'typeorm';

/** Counts of post_runs by status. */
export async function runCounts(db: DataSource): Promise<Record<string, number>> {
  const rows: { status: string; n: number }[] = await db.query(
    'SELECT status, count(*)::int AS n FROM post_runs GROUP BY status',
  );
  return Object.fromEntries(rows.map((r) => [r.status, r.n]));
}

/** Polls `check` until it holds; the bound is a guard against a hang, not a measurement. */
export async function waitUntil(
  check: () => Promise<boolean>,
  what: string,
  describeState: () => Promise<string> | string = () => '',
  timeoutMs = 90_000,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      if (await check()) {
        return;
      }
    } catch {
      // the dependency under test may still be down: try again
    }
    if (Date.now() > deadline) {
      throw new Error(`timed out waiting for ${what}: ${await describeState()}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/**
 * Every run is terminal and succeeded, and each was published exactly once (sandbox_posts is
 * keyed by run, and counted per run to catch a second publish).
 */
export async function expectEveryRunPublishedOnce(db: DataSource, runs: number): Promise<void> {
  const [{ total, published, doubled }] = await db.query(`
    SELECT (SELECT count(*)::int FROM post_runs) AS total,
           (SELECT count(*)::int FROM sandbox_posts) AS published,
           (SELECT count(*)::int FROM (SELECT run_id FROM sandbox_posts GROUP BY run_id HAVING count(*) > 1) d) AS doubled`);
  expect(total).toBe(runs);
  expect(published).toBe(runs);
  expect(doubled).toBe(0);
  expect(await runCounts(db)).toEqual({ succeeded: runs });
}

/**
 * Exactly the accepted submissions exist, and once each of their runs (`targets` per post) has
 * been published, every one was published once.
 */
export async function expectAcceptedPublishedOnce(
  db: DataSource,
  accepted: string[],
  targets: number,
): Promise<void> {
  const runs = accepted.length * targets;
  await waitUntil(
    async () => (await runCounts(db)).succeeded === runs,
    'every accepted post to be published',
    async () => JSON.stringify(await runCounts(db)),
  );
  const ids: { id: string }[] = await db.query('SELECT id FROM post_submissions');
  expect(ids.map((row) => row.id).sort()).toEqual([...accepted].sort());
  await expectEveryRunPublishedOnce(db, runs);
}
