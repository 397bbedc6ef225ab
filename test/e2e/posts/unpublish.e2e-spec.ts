import request from 'supertest';
import { loadConfig } from '../../../src/config/soku-config';
import { addAccount } from '../../utils/accounts';
import { expectEnvelope } from '../../utils/assertions';
import { createUser, type TestUser } from '../../utils/identity';
import { waitForPost } from '../../utils/posts';
import { createTestApp, type TestApp } from '../../utils/test-app';
import { FakeDeletes } from '../../fakes/platforms/fake-deletes';
import { startMediaOrigin, type MediaOrigin } from '../../fakes/media-origin';
import { jpeg } from '../../fakes/media-samples';

interface Deletion {
  status: string;
  at: string;
  error: { code: string; message: string } | null;
}
interface RunWithDeletion {
  id: string;
  platform: string;
  platformPostId: string | null;
  deletion?: Deletion;
}

const TOKEN = 'x-user-token';

describe('DELETE /v1/posts/:id/published', () => {
  let t: TestApp;
  let user: TestUser;
  let fake: FakeDeletes;
  let origin: MediaOrigin;

  beforeAll(async () => {
    const versions = loadConfig({}).platformApi;
    fake = await new FakeDeletes(TOKEN, {
      graph: versions.metaGraphVersion,
      threads: versions.threadsVersion,
      linkedin: versions.linkedinVersion,
    }).start();
    origin = await startMediaOrigin();
    origin.serve('/photo.jpg', jpeg(1080, 1080));
    t = await createTestApp({
      env: {
        SOKU_MEDIA_ALLOWED_HOSTS: '127.0.0.1',
        SOKU_RECONCILE_INTERVAL_MS: '200',
        SOKU_RETRY_BASE_MS: '50',
        SOKU_X_API_BASE: fake.url,
      },
    });
  });
  beforeEach(async () => {
    await t.reset();
    fake.calls = [];
    user = await createUser(t);
    await addAccount(t, user.userId, 'x', 'x_main');
    await addAccount(t, user.userId, 'instagram', 'ig_main');
  });
  afterAll(async () => {
    await t.close();
    await fake.stop();
    await origin.close();
  });

  const publish = async (platforms: string[], extra: Record<string, unknown> = {}) => {
    const res = await request(t.http)
      .post('/v1/posts')
      .set('soku-api-key', user.apiKey)
      .send({
        post: { content: { text: 'Taking this down later', platform: platforms, ...extra } },
      })
      .expect(201);
    return res.body.postSubmissionId as string;
  };
  const unpublish = (id: string, apiKey = user.apiKey) =>
    request(t.http).delete(`/v1/posts/${id}/published`).set('soku-api-key', apiKey);
  const runsOf = async (id: string, done: (runs: RunWithDeletion[]) => boolean) =>
    (
      await waitForPost(t, user.apiKey, id, (post) =>
        done(post.runs as unknown as RunWithDeletion[]),
      )
    ).runs as unknown as RunWithDeletion[];
  const settledDeletions = (runs: RunWithDeletion[]) =>
    runs.every((run) => run.deletion && run.deletion.status !== 'pending');
  const eventTypes = async () =>
    (
      await t.dataSource.query(
        `SELECT type, data->>'runId' AS run FROM events WHERE type LIKE 'post.run.delete%' ORDER BY id`,
      )
    ).map((row: { type: string; run: string }) => `${row.type} ${row.run}`);

  it('deletes the sandbox post, says Instagram cannot, and a repeat changes nothing', async () => {
    const id = await publish(['x', 'instagram'], { imageUrls: [origin.url('/photo.jpg')] });
    await waitForPost(t, user.apiKey, id);
    const res = await unpublish(id).expect(202);
    expect(res.body.id).toBe(id);
    const byPlatform = (runs: RunWithDeletion[], p: string) => runs.find((r) => r.platform === p)!;
    expect(byPlatform(res.body.runs, 'x').deletion).toMatchObject({ status: 'pending' });
    expect(byPlatform(res.body.runs, 'instagram').deletion).toMatchObject({
      status: 'unsupported',
      error: { code: 'deletion_unsupported', message: expect.stringMatching(/Instagram/) },
    });
    const runs = await runsOf(id, settledDeletions);
    const x = byPlatform(runs, 'x');
    expect(x.deletion).toMatchObject({ status: 'deleted', error: null });
    const recorded = await t.dataSource.query(`SELECT 1 FROM sandbox_posts WHERE id = $1`, [
      x.platformPostId,
    ]);
    expect(recorded).toHaveLength(0);
    await expect(eventTypes()).resolves.toEqual([`post.run.deleted ${x.id}`]);

    const again = await unpublish(id).expect(202);
    expect(byPlatform(again.body.runs, 'x').deletion).toEqual(x.deletion);
  });

  it('calls X once through its documented endpoint, retries a 5xx, and never calls again', async () => {
    const id = await publish(['x']);
    const [run] = await runsOf(id, (runs) => runs[0].platformPostId !== null);
    // The post was made in the sandbox; its run now belongs to a real X account on the fake.
    const real = await addAccount(t, user.userId, 'x', 'x_real', {
      sandbox: false,
      accessToken: TOKEN,
    });
    await t.dataSource.query(`UPDATE post_runs SET integration_id = $2 WHERE id = $1`, [
      run.id,
      real.id,
    ]);
    fake.publish('x', run.platformPostId!);
    fake.failNext({ status: 503, body: { title: 'Service Unavailable' } });
    await unpublish(id).expect(202);
    const [deleted] = await runsOf(id, settledDeletions);
    expect(deleted.deletion).toMatchObject({ status: 'deleted' });
    expect(fake.calls.map((c) => `${c.method} ${c.path} ${c.headers.authorization}`)).toEqual([
      `DELETE /2/tweets/${run.platformPostId} Bearer ${TOKEN}`,
      `DELETE /2/tweets/${run.platformPostId} Bearer ${TOKEN}`,
    ]);
    await unpublish(id).expect(202);
    await unpublish(id).expect(202);
    expect(fake.calls).toHaveLength(2);
  });

  it("deletes a thread's replies, last first, before the post itself", async () => {
    const id = await publish(['x'], { thread: [{ text: 'second part' }, { text: 'third part' }] });
    const [run] = await runsOf(id, (runs) => {
      const parts = (runs[0] as { parts?: { status: string }[] }).parts ?? [];
      return parts.length === 2 && parts.every((part) => part.status === 'succeeded');
    });
    const partIds = ((run as { parts?: { platformPostId: string }[] }).parts ?? []).map(
      (part) => part.platformPostId,
    );
    expect(partIds).toHaveLength(2);
    const real = await addAccount(t, user.userId, 'x', 'x_real', {
      sandbox: false,
      accessToken: TOKEN,
    });
    await t.dataSource.query(`UPDATE post_runs SET integration_id = $2 WHERE id = $1`, [
      run.id,
      real.id,
    ]);
    for (const platformId of [run.platformPostId!, ...partIds]) {
      fake.publish('x', platformId);
    }
    await unpublish(id).expect(202);
    const [deleted] = await runsOf(id, settledDeletions);
    expect(deleted.deletion).toMatchObject({ status: 'deleted' });
    expect(fake.calls.map((c) => `${c.method} ${c.path}`)).toEqual([
      `DELETE /2/tweets/${partIds[1]}`,
      `DELETE /2/tweets/${partIds[0]}`,
      `DELETE /2/tweets/${run.platformPostId}`,
    ]);
  });

  it('re-drives a deletion whose worker died after the platform deleted it: 404, deleted', async () => {
    const id = await publish(['x']);
    const [run] = await runsOf(id, (runs) => runs[0].platformPostId !== null);
    const real = await addAccount(t, user.userId, 'x', 'x_real', {
      sandbox: false,
      accessToken: TOKEN,
    });
    await t.dataSource.query(`UPDATE post_runs SET integration_id = $2 WHERE id = $1`, [
      run.id,
      real.id,
    ]);
    // What a worker killed mid-call leaves: the platform deleted the post, the row is still
    // pending under a claim whose lease has lapsed, and its job is gone with the worker.
    await t.dataSource.query(
      `INSERT INTO post_run_deletions (run_id, submission_id, user_id, status, attempts, lease_expires_at)
       VALUES ($1, $2, $3, 'pending', 1, now() - interval '1 second')`,
      [run.id, id, user.userId],
    );
    const [settled] = await runsOf(id, settledDeletions);
    expect(settled.deletion).toMatchObject({ status: 'deleted', error: null });
    expect(fake.calls.map((c) => `${c.method} ${c.path}`)).toEqual([
      `DELETE /2/tweets/${run.platformPostId}`,
    ]);
    await expect(eventTypes()).resolves.toEqual([`post.run.deleted ${run.id}`]);
  });

  it('fails with account_needs_reauth when the platform keeps refusing the token', async () => {
    const id = await publish(['x']);
    const [run] = await runsOf(id, (runs) => runs[0].platformPostId !== null);
    const real = await addAccount(t, user.userId, 'x', 'x_stale', {
      sandbox: false,
      accessToken: 'revoked',
    });
    await t.dataSource.query(`UPDATE post_runs SET integration_id = $2 WHERE id = $1`, [
      run.id,
      real.id,
    ]);
    await unpublish(id).expect(202);
    const [failed] = await runsOf(id, settledDeletions);
    expect(failed.deletion).toMatchObject({
      status: 'failed',
      error: { code: 'account_needs_reauth' },
    });
    await expect(eventTypes()).resolves.toEqual([`post.run.delete_failed ${run.id}`]);
  });

  it('refuses a post still publishing, one never published, and another user’s post', async () => {
    const later = new Date(Date.now() + 3_600_000).toISOString();
    const res = await request(t.http)
      .post('/v1/posts')
      .set('soku-api-key', user.apiKey)
      .send({ post: { content: { text: 'Later', platform: ['x'] } }, scheduledTime: later })
      .expect(201);
    const id = res.body.postSubmissionId as string;
    expectEnvelope(await unpublish(id), 409, 'post_still_publishing');
    await request(t.http).delete(`/v1/posts/${id}`).set('soku-api-key', user.apiKey).expect(200);
    expectEnvelope(await unpublish(id), 409, 'post_not_published');

    const other = await createUser(t);
    expectEnvelope(await unpublish(id, other.apiKey), 404, 'not_found');
    expectEnvelope(await unpublish('not-a-uuid'), 404, 'not_found');
  });
});
