import { randomUUID } from 'node:crypto';
import request from 'supertest';
import type { QueueName } from '../../../src/infra/queue/queues';
import { PublishingService } from '../../../src/modules/publishing';
import { Publisher } from '../../../src/modules/publishing/publisher.service';
import { Reconciler } from '../../../src/modules/publishing/reconciler.service';
import { addAccount } from '../../utils/accounts';
import { createUser, type TestUser } from '../../utils/identity';
import { recordEnqueued } from '../../utils/enqueued';
import { waitForPost } from '../../utils/posts';
import { queueAdapters } from '../../utils/soku-process';
import { createTestApp, type TestApp } from '../../utils/test-app';

/**
 * A scheduled post with nothing to import is timed by its runs' publish jobs: no orchestrate
 * job, no orchestration pass. It stays `queued` (editable, cancellable) until the first claim
 * dispatches it, and the reconciler times its runs again should the queue lose their jobs.
 */
describe.each(queueAdapters(13))('timed scheduled posts, on %s', (_name, adapterEnv) => {
  const run = adapterEnv ? describe : describe.skip;
  run('', () => {
    let t: TestApp;
    let user: TestUser;
    let integrationId: string;
    let enqueued: QueueName[];

    beforeAll(async () => {
      t = await createTestApp({
        env: {
          ...adapterEnv,
          SOKU_QUEUE_PREFIX: `timed${randomUUID().slice(0, 8)}`,
          // Only the test's own reconciler passes: one of the app's would race the timers here.
          SOKU_RECONCILE_INTERVAL_MS: '600000',
        },
      });
      enqueued = recordEnqueued(t);
    });
    beforeEach(async () => {
      await t.reset();
      user = await createUser(t);
      integrationId = (await addAccount(t, user.userId, 'x', 'x_main')).id;
      enqueued.length = 0;
    });
    afterAll(() => t.close());

    /** Below the API's one-minute lead, which only the service itself can go. */
    const createDueIn = (ms: number, text = 'timed') =>
      t.app.get(PublishingService).create(
        {
          userId: user.userId,
          profileId: user.userId,
          content: { text },
          mediaType: 'text',
          scheduledTime: new Date(Date.now() + ms),
          enableRepurposing: false,
          originSubmissionId: null,
          originAutomationId: null,
          automationChain: [],
        },
        [{ platform: 'x', accountId: 'x_main', integrationId, targetId: 'x_main' }],
      );
    const row = async (id: string) =>
      (
        await t.dataSource.query(
          `SELECT s.status, s.runs_timed, r.status AS run_status, r.attempts
             FROM post_submissions s JOIN post_runs r ON r.submission_id = s.id WHERE s.id = $1`,
          [id],
        )
      )[0] as { status: string; runs_timed: boolean; run_status: string; attempts: number };
    const runIdOf = async (id: string): Promise<string> =>
      (await t.dataSource.query(`SELECT id FROM post_runs WHERE submission_id = $1`, [id]))[0].id;
    const sandboxPosts = async (): Promise<number> =>
      Number((await t.dataSource.query(`SELECT count(*) AS n FROM sandbox_posts`))[0].n);

    it('publishes at its time from its run timer alone, dispatched by the claim', async () => {
      const id = await createDueIn(1500);
      expect(await row(id)).toEqual({
        status: 'queued',
        runs_timed: true,
        run_status: 'queued',
        attempts: 0,
      });
      expect(enqueued).toEqual(['publish']);
      const done = await waitForPost(t, user.apiKey, id);
      expect(done.status).toBe('dispatched');
      expect(done.runs.map((r) => [r.status, r.attempts])).toEqual([['succeeded', 1]]);
      expect(enqueued).toEqual(['publish']);
      expect(await sandboxPosts()).toBe(1);
    });

    it('does nothing when the timer fires early, and publishes once on the timer at its time', async () => {
      const id = await createDueIn(60_000);
      const runId = await runIdOf(id);
      await t.app.get(Publisher).publish(runId, true);
      expect(await row(id)).toMatchObject({ status: 'queued', run_status: 'queued', attempts: 0 });
      await t.dataSource.query(`UPDATE post_submissions SET scheduled_time = now() WHERE id = $1`, [
        id,
      ]);
      // The job and a duplicate of it at once: one claim, one publish.
      await Promise.all([
        t.app.get(Publisher).publish(runId, true),
        t.app.get(Publisher).publish(runId, true),
      ]);
      const done = await waitForPost(t, user.apiKey, id);
      expect(done.runs.map((r) => [r.status, r.attempts])).toEqual([['succeeded', 1]]);
      expect(await sandboxPosts()).toBe(1);
    });

    it('leaves a cancelled post cancelled when its timer fires', async () => {
      const id = await createDueIn(60_000);
      await request(t.http).delete(`/v1/posts/${id}`).set('soku-api-key', user.apiKey).expect(200);
      await t.dataSource.query(`UPDATE post_submissions SET scheduled_time = now() WHERE id = $1`, [
        id,
      ]);
      await t.app.get(Publisher).publish(await runIdOf(id), true);
      expect(await row(id)).toMatchObject({ status: 'cancelled', run_status: 'cancelled' });
      expect(await sandboxPosts()).toBe(0);
    });

    it('times the runs again from PostgreSQL when their jobs were lost', async () => {
      const id = await createDueIn(60_000);
      // The timer the queue held is for a minute from now; the post falls due at once, as if
      // the queue had lost it and time had passed.
      await t.dataSource.query(`UPDATE post_submissions SET scheduled_time = now() WHERE id = $1`, [
        id,
      ]);
      expect(await t.app.get(Reconciler).reconcile()).toMatchObject({ submissions: 0, runs: 1 });
      const done = await waitForPost(t, user.apiKey, id);
      expect(done.runs.map((r) => [r.status, r.attempts])).toEqual([['succeeded', 1]]);
      expect(enqueued).not.toContain('orchestrate');
      expect(await sandboxPosts()).toBe(1);
    });
  });
});
