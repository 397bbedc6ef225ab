import request from 'supertest';
import { Orchestrator } from '../../../src/modules/publishing/orchestrator.service';
import { Reconciler } from '../../../src/modules/publishing/reconciler.service';
import { SubmissionsRepository } from '../../../src/modules/publishing/submissions.repository';
import { createUser, type TestUser } from '../../utils/identity';
import { waitForPost } from '../../utils/posts';
import { createTestApp, type TestApp } from '../../utils/test-app';

const PLATFORMS = ['x', 'threads'];

/**
 * Orchestration in passes against PostgreSQL: the jobs that fire together share one claim and
 * one dispatch statement, yet each submission is begun once, one held or not due is left alone,
 * and a worker dying between the statements strands nothing.
 */
describe('due submissions orchestrated in passes', () => {
  let t: TestApp;
  let user: TestUser;

  beforeAll(async () => {
    t = await createTestApp({ env: { SOKU_RECONCILE_INTERVAL_MS: '100' } });
  });
  beforeEach(async () => {
    await t.reset();
    user = await createUser(t);
    await request(t.http)
      .post('/v1/integrations/sandbox')
      .set('soku-api-key', user.apiKey)
      .send({ platforms: PLATFORMS })
      .expect(201);
  });
  afterAll(() => t.close());

  /**
   * Posts due in an hour: no timer of the app fires for them while the test runs. They are
   * orchestrated ones (as an edit leaves them): a timed post's run timers dispatch it without
   * orchestration, and the app's reconciler would re-time them once the test makes them due.
   */
  async function schedule(count: number): Promise<string[]> {
    const ids: string[] = [];
    for (let i = 0; i < count; i++) {
      const res = await request(t.http)
        .post('/v1/posts')
        .set('soku-api-key', user.apiKey)
        .send({
          post: { content: { text: `due ${i}`, platform: PLATFORMS } },
          scheduledTime: new Date(Date.now() + 3_600_000).toISOString(),
        })
        .expect(201);
      ids.push((res.body as { postSubmissionId: string }).postSubmissionId);
    }
    await t.dataSource.query(`UPDATE post_submissions SET runs_timed = false WHERE id = ANY($1)`, [
      ids,
    ]);
    return ids;
  }

  const statuses = async (ids: string[]) =>
    (
      await t.dataSource.query<{ status: string }[]>(
        `SELECT status FROM post_submissions WHERE id = ANY($1)
          ORDER BY array_position($1::uuid[], id)`,
        [ids],
      )
    ).map((row) => row.status);

  async function expectPublishedOnce(ids: string[]): Promise<void> {
    for (const id of ids) {
      const post = await waitForPost(t, user.apiKey, id);
      expect(post.runs.map((run) => run.status)).toEqual(['succeeded', 'succeeded']);
    }
    const [{ published, doubled }] = await t.dataSource.query(
      `SELECT count(*)::int AS published, count(*)::int - count(DISTINCT run_id)::int AS doubled
         FROM sandbox_posts`,
    );
    expect({ published, doubled }).toEqual({ published: ids.length * 2, doubled: 0 });
  }

  it('should begin each due submission once, leaving out one held, one not due, one cancelled', async () => {
    const ids = await schedule(6);
    const [held, notDue, cancelled] = ids.slice(3);
    await t.dataSource.query(
      `UPDATE post_submissions SET scheduled_time = now() WHERE id = ANY($1) AND id <> $2`,
      [ids, notDue],
    );
    await t.dataSource.query(`UPDATE post_submissions SET status = 'cancelled' WHERE id = $1`, [
      cancelled,
    ]);
    const holder = t.dataSource.createQueryRunner();
    await holder.startTransaction();
    await holder.query(`SELECT id FROM post_submissions WHERE id = $1 FOR UPDATE`, [held]);
    try {
      const orchestrator = t.app.get(Orchestrator);
      // Every job fires at once, one of them twice: they share passes.
      await Promise.all([...ids, ids[0]].map((id) => orchestrator.orchestrate(id)));
      expect(await statuses(ids)).toEqual([
        'dispatched',
        'dispatched',
        'dispatched',
        'queued',
        'queued',
        'cancelled',
      ]);
    } finally {
      await holder.rollbackTransaction();
      await holder.release();
    }
    // The held one is still due once its holder lets go: the reconciler times it again.
    await expectPublishedOnce([...ids.slice(0, 3), held]);
    expect(await statuses([notDue])).toEqual(['queued']);
  });

  it('should strand nothing when a worker dies between the claim, the dispatch and the enqueue', async () => {
    const ids = await schedule(6);
    await t.dataSource.query(
      `UPDATE post_submissions SET scheduled_time = now() WHERE id = ANY($1)`,
      [ids],
    );
    const submissions = t.app.get(SubmissionsRepository);
    // Died after the pass's claim: three submissions orchestrating, nothing enqueued.
    await submissions.beginOrchestrations(ids.slice(0, 3));
    // Died after the dispatch, before the enqueue: three dispatched with queued runs, no jobs.
    const begun = await submissions.beginOrchestrations(ids.slice(3));
    await submissions.markDispatched([...begun.keys()].map((id) => ({ id, mediaIds: [] })));
    expect(await statuses(ids)).toEqual([
      ...Array(3).fill('orchestrating'),
      ...Array(3).fill('dispatched'),
    ]);
    await t.app.get(Reconciler).reconcile();
    await expectPublishedOnce(ids);
  });
});
