import request from 'supertest';
import { PublishError } from '../../../src/modules/connectors';
import { AccountDirectory } from '../../../src/modules/integrations';
import type { ClaimedRun } from '../../../src/modules/publishing/claimed-run';
import { SandboxPostsRepository } from '../../../src/modules/connectors/sandbox/sandbox-posts.repository';
import { Reconciler } from '../../../src/modules/publishing/reconciler.service';
import { RunClaims } from '../../../src/modules/publishing/run-claims';
import { RunSettler } from '../../../src/modules/publishing/run-settler';
import { RunsRepository } from '../../../src/modules/publishing/runs.repository';
import { createUser, type TestUser } from '../../utils/identity';
import { waitForPost } from '../../utils/posts';
import { createTestApp, type TestApp } from '../../utils/test-app';

const PLATFORMS = ['x', 'threads', 'facebook', 'linkedin'];

/**
 * The batched claim and settle paths against PostgreSQL: concurrent callers share statements,
 * yet each run is claimed once, only a processing run settles, and a bad row fails alone.
 */
describe('runs claimed and settled in batches', () => {
  let t: TestApp;
  let user: TestUser;
  let runIds: string[];
  let postId: string;

  beforeAll(async () => {
    t = await createTestApp({ env: { SOKU_RETRY_BASE_MS: '20' } });
  });
  beforeEach(async () => {
    await t.reset();
    user = await createUser(t);
    await request(t.http)
      .post('/v1/integrations/sandbox')
      .set('soku-api-key', user.apiKey)
      .send({ platforms: PLATFORMS })
      .expect(201);
    // Due in an hour, then made claimable by hand: no job of the app's own touches these runs.
    const { postSubmissionId } = (
      await request(t.http)
        .post('/v1/posts')
        .set('soku-api-key', user.apiKey)
        .send({
          post: { content: { text: 'batched', platform: PLATFORMS } },
          scheduledTime: new Date(Date.now() + 3_600_000).toISOString(),
        })
        .expect(201)
    ).body as { postSubmissionId: string };
    postId = postSubmissionId;
    await t.dataSource.query(`UPDATE post_submissions SET status = 'dispatched' WHERE id = $1`, [
      postSubmissionId,
    ]);
    const rows: { id: string }[] = await t.dataSource.query(
      `SELECT id FROM post_runs WHERE submission_id = $1 ORDER BY platform`,
      [postSubmissionId],
    );
    runIds = rows.map((row) => row.id);
  });
  afterAll(() => t.close());

  const worker = () =>
    new RunClaims(t.app.get(RunsRepository), t.app.get(AccountDirectory), t.config);
  const statuses = async () =>
    (
      await t.dataSource.query<{ status: string; attempts: number }[]>(
        `SELECT status, attempts FROM post_runs WHERE id = ANY($1) ORDER BY platform`,
        [runIds],
      )
    ).map((row) => `${row.status}/${row.attempts}`);

  it('should claim each run once when jobs of one run share a batch', async () => {
    const claims = worker();
    const claimed = await Promise.all([...runIds, runIds[0]].map((id) => claims.claim(id)));
    expect(claimed.slice(0, 4).map((run) => run?.id)).toEqual(runIds);
    expect(claimed[4]).toBeNull();
    expect(await statuses()).toEqual(Array(4).fill('processing/1'));
  });

  it('should leave out a run cancelled meanwhile and one another transaction holds', async () => {
    await t.dataSource.query(`UPDATE post_runs SET status = 'cancelled' WHERE id = $1`, [
      runIds[1],
    ]);
    const holder = t.dataSource.createQueryRunner();
    await holder.startTransaction();
    await holder.query(`SELECT id FROM post_runs WHERE id = $1 FOR UPDATE`, [runIds[2]]);
    try {
      const claims = worker();
      const claimed = await Promise.all(runIds.map((id) => claims.claim(id)));
      expect(claimed.map((run) => run?.id ?? null)).toEqual([runIds[0], null, null, runIds[3]]);
    } finally {
      await holder.rollbackTransaction();
      await holder.release();
    }
    expect(await statuses()).toEqual(['processing/1', 'cancelled/0', 'queued/0', 'processing/1']);
  });

  it('should give each run to one of two workers claiming the same ids', async () => {
    const [first, second] = [worker(), worker()];
    const claimed = await Promise.all(runIds.flatMap((id) => [first.claim(id), second.claim(id)]));
    const winners = claimed.filter((run): run is ClaimedRun => run !== null).map((run) => run.id);
    expect(winners.sort()).toEqual([...runIds].sort());
    expect(await statuses()).toEqual(Array(4).fill('processing/1'));
  });

  it('should save the connector states of a batch, each to its own run while processing', async () => {
    const claims = worker();
    await Promise.all(runIds.slice(1).map((id) => claims.claim(id)));
    await Promise.all(
      runIds.map((id, i) => claims.saveConnectorState(id, { postingAt: `t${i}`, step: i })),
    );
    const stored: { connector_state: Record<string, unknown> }[] = await t.dataSource.query(
      `SELECT connector_state FROM post_runs WHERE id = ANY($1) ORDER BY platform`,
      [runIds],
    );
    // The first run was never claimed: a save for a run not processing changes nothing.
    expect(stored.map((row) => row.connector_state)).toEqual([
      {},
      { postingAt: 't1', step: 1 },
      { postingAt: 't2', step: 2 },
      { postingAt: 't3', step: 3 },
    ]);
  });

  it('should read the credentials of a batch and refuse a disconnected account alone', async () => {
    const claims = worker();
    const runs = (await Promise.all(runIds.map((id) => claims.claim(id)))) as ClaimedRun[];
    await t.dataSource.query(`UPDATE integrations SET status = 'disconnected' WHERE id = $1`, [
      runs[0].integrationId,
    ]);
    const stranger = await createUser(t);
    const read = await Promise.allSettled(runs.map((run) => claims.credentials(run)));
    // The read is by owner too: another user naming this account gets nothing.
    await expect(claims.credentials({ ...runs[1], userId: stranger.userId })).rejects.toThrow(
      'Integration not found',
    );
    expect(read.map((one) => one.status)).toEqual([
      'rejected',
      'fulfilled',
      'fulfilled',
      'fulfilled',
    ]);
    expect(
      read
        .slice(1)
        .map(
          (one) => (one as PromiseFulfilledResult<{ account: { id: string } }>).value.account.id,
        ),
    ).toEqual(runs.slice(1).map((run) => run.integrationId));
  });

  it('should settle a batch once per run, keep a bad row from failing the others', async () => {
    const claims = worker();
    const runs = (await Promise.all(runIds.map((id) => claims.claim(id)))) as ClaimedRun[];
    const settler = t.app.get(RunSettler);
    const retryable = new PublishError('retryable', 'rate_limited', 'Try again', 3_600_000);
    const outcomes = await Promise.allSettled([
      settler.succeed(runs[0], 'p-0', 'https://example.test/p-0'),
      settler.succeed(runs[0], 'p-0-again', null),
      // PostgreSQL refuses a NUL character in text: this settle cannot be written.
      settler.fail(runs[1], 'bad', 'a message with \u0000 in it'),
      settler.retry(runs[2], retryable),
      settler.succeed(runs[3], 'p-3', null),
    ]);
    expect(outcomes.map((one) => one.status)).toEqual([
      'fulfilled',
      'fulfilled',
      'rejected',
      'fulfilled',
      'fulfilled',
    ]);
    expect(await statuses()).toEqual(['succeeded/1', 'processing/1', 'queued/1', 'succeeded/1']);
    const [stored] = await t.dataSource.query(
      `SELECT platform_post_id FROM post_runs WHERE id = $1`,
      [runIds[0]],
    );
    expect(stored.platform_post_id).toBe('p-0');

    // A settle of a run that is not processing (queued again above) changes nothing.
    await Promise.all([
      settler.fail(runs[1], 'gone', 'The platform refused the post'),
      settler.succeed(runs[2], 'p-2', null),
    ]);
    expect(await statuses()).toEqual(['succeeded/1', 'failed/1', 'queued/1', 'succeeded/1']);
    const events: { type: string; run_id: string | null }[] = await t.dataSource.query(
      `SELECT type, data->>'runId' AS run_id FROM events ORDER BY id`,
    );
    expect(events.map((event) => `${event.type}:${event.run_id}`).sort()).toEqual(
      [
        `post.run.succeeded:${runIds[0]}`,
        `post.run.succeeded:${runIds[3]}`,
        `post.run.failed:${runIds[1]}`,
      ].sort(),
    );
  });

  it('should recover a batch stranded mid-publish from what the platform recorded', async () => {
    const claims = worker();
    const runs = (await Promise.all(runIds.map((id) => claims.claim(id)))) as ClaimedRun[];
    await Promise.all(runs.map((run) => claims.markPublishStarted(run.id)));
    // The worker died after the platform took two of the four posts, before any settle.
    const sandbox = t.app.get(SandboxPostsRepository);
    const recordOf = (run: ClaimedRun) => ({
      runId: run.id,
      platform: run.platform,
      accountId: run.accountId,
      content: { text: 'batched', media: [] },
    });
    const taken = await sandbox.recordMany(runs.slice(0, 2).map(recordOf));
    await t.dataSource.query(
      `UPDATE post_runs SET lease_expires_at = now() - interval '1 second' WHERE id = ANY($1)`,
      [runIds],
    );
    await t.app.get(Reconciler).reconcile();
    const post = await waitForPost(t, user.apiKey, postId);
    expect(post.runs.map((run) => run.status)).toEqual(Array(4).fill('succeeded'));
    const stored: { id: string; platform_post_id: string; attempts: number }[] =
      await t.dataSource.query(
        `SELECT id, platform_post_id, attempts FROM post_runs WHERE id = ANY($1) ORDER BY platform`,
        [runIds],
      );
    // Checked first: the two the platform holds keep its ids and were not sent again.
    expect(stored.slice(0, 2).map((row) => row.platform_post_id)).toEqual(taken.map((p) => p.id));
    expect(stored.map((row) => row.attempts)).toEqual([1, 1, 2, 2]);
    const [{ published, doubled }] = await t.dataSource.query(
      `SELECT count(*)::int AS published,
              count(*)::int - count(DISTINCT run_id)::int AS doubled
         FROM sandbox_posts WHERE run_id = ANY($1)`,
      [runIds],
    );
    expect({ published, doubled }).toEqual({ published: 4, doubled: 0 });
    // A record asked for again, twice in one insert, is the first record.
    const again = await sandbox.recordMany([recordOf(runs[0]), recordOf(runs[0])]);
    expect(again.map((p) => p.id)).toEqual([taken[0].id, taken[0].id]);
  });
});
