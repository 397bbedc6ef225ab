import request from 'supertest';
import { sandboxFigures } from '../../../src/modules/connectors/metrics/sandbox-metrics.reader';
import { addAccount } from '../../utils/accounts';
import { expectEnvelope } from '../../utils/assertions';
import { createUser, type TestUser } from '../../utils/identity';
import { waitForPost } from '../../utils/posts';
import { createTestApp, type TestApp } from '../../utils/test-app';

const HOUR_MS = 3_600_000;

/** Polls a post's analytics until every run has been read (a guard, not a measurement). */
async function readAnalytics(t: TestApp, apiKey: string, id: string) {
  const deadline = Date.now() + 30_000;
  for (;;) {
    const res = await request(t.http).get(`/v1/posts/${id}/analytics`).set('soku-api-key', apiKey);
    expect(res.status).toBe(200);
    if (res.body.runs.every((run: { latest: unknown }) => run.latest !== null)) {
      return res.body;
    }
    if (Date.now() > deadline) {
      throw new Error(`no metrics read: ${JSON.stringify(res.body)}`);
    }
    // Well inside the caller's rate limit (200 a minute).
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
}

describe('per-post metrics through sandbox accounts: publish → collector → API', () => {
  let t: TestApp;
  let user: TestUser;

  beforeAll(async () => {
    t = await createTestApp({
      env: {
        // The first read right after publishing, the next an hour later: the test sees one.
        SOKU_METRICS_SCHEDULE: '1ms,1h',
        SOKU_METRICS_PASS_INTERVAL_MS: '100',
      },
    });
  });
  beforeEach(async () => {
    await t.reset();
    user = await createUser(t);
  });
  afterAll(() => t.close());

  const get = (path: string, apiKey = user.apiKey) =>
    request(t.http).get(path).set('soku-api-key', apiKey);

  async function publishToXAndThreads(): Promise<string> {
    await addAccount(t, user.userId, 'x', 'x_main');
    await addAccount(t, user.userId, 'threads', 'threads_main');
    const res = await request(t.http)
      .post('/v1/posts')
      .set('soku-api-key', user.apiKey)
      .send({ post: { content: { text: 'Metrics please', platform: ['x', 'threads'] } } })
      .expect(201);
    const id = res.body.postSubmissionId as string;
    await waitForPost(t, user.apiKey, id);
    return id;
  }

  it('reads each published run and serves its figures, raw fields and series', async () => {
    const id = await publishToXAndThreads();
    const body = await readAnalytics(t, user.apiKey, id);
    expect(body.postId).toBe(id);
    expect(body.runs.map((run: { platform: string }) => run.platform).sort()).toEqual([
      'threads',
      'x',
    ]);
    for (const run of body.runs) {
      expect(run).toMatchObject({ state: 'collecting', unavailable: null });
      expect(run.series).toHaveLength(1);
      const { figures } = run.latest;
      expect(Object.keys(figures).sort()).toEqual(
        ['clicks', 'comments', 'impressions', 'likes', 'saves', 'shares', 'views'].sort(),
      );
      // Deterministic: the same run at its recorded age gives the same figures.
      expect(run.latest.raw).toMatchObject({ sandbox: true, ...figures });
      expect(figures.impressions).toBeGreaterThanOrEqual(0);
      expect(figures.impressions).toBeLessThanOrEqual(
        sandboxFigures(run.runId, 30 * 24 * HOUR_MS).figures.impressions,
      );
      expect(Date.parse(run.nextReadAt)).toBeGreaterThan(Date.now() + 0.9 * HOUR_MS);
    }
  });

  it('sums the latest figures per period and platform', async () => {
    const id = await publishToXAndThreads();
    const post = await readAnalytics(t, user.apiKey, id);
    const xRun = post.runs.find((run: { platform: string }) => run.platform === 'x');
    const all = await get('/v1/analytics').expect(200);
    expect(all.body.posts).toBe(2);
    expect(all.body.byPlatform.map((p: { platform: string }) => p.platform)).toEqual([
      'threads',
      'x',
    ]);
    const onlyX = await get('/v1/analytics?platform=x&accountId=x_main').expect(200);
    expect(onlyX.body).toMatchObject({ posts: 1, totals: xRun.latest.figures });
    const before = await get('/v1/analytics?to=2026-01-01T00:00:00Z').expect(200);
    expect(before.body).toMatchObject({ posts: 0, totals: {}, byPlatform: [] });
  });

  it("answers 404 for another user's post and for a malformed id", async () => {
    const id = await publishToXAndThreads();
    const other = await createUser(t);
    const res = await get(`/v1/posts/${id}/analytics`, other.apiKey).expect(404);
    expectEnvelope(res, 404, 'not_found');
    await get('/v1/posts/not-a-uuid/analytics').expect(404);
  });

  it.each([
    ['from=yesterday', 'query.from'],
    ['platform=myspace', 'query.platform'],
    ['from=2026-02-01T00:00:00Z&to=2026-01-01T00:00:00Z', 'query.from'],
    ['from=2024-01-01T00:00:00Z&to=2026-01-01T00:00:00Z', 'query.from'],
  ])('answers 400 with the field for %s', async (query, field) => {
    const res = await get(`/v1/analytics?${query}`).expect(400);
    expectEnvelope(res, 400, 'validation_error');
    expect(res.body.error.details.map((d: { field: string }) => d.field)).toContain(field);
  });
});
