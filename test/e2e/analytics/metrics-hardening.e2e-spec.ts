import { randomUUID } from 'node:crypto';
import request from 'supertest';
import { defaultScope } from '../../../src/common/auth/route-auth';
import { MetricReadsRepository } from '../../../src/modules/analytics/metric-reads.repository';
import { WITHOUT_INSIGHTS } from '../../fakes/platforms/fake-facebook-insights';
import { waitFor } from '../../utils/wait';
import {
  LIVE,
  METADATA,
  PAGE_ID,
  type PlatformHarness,
  platformSuite,
  publish,
  realAccount,
} from '../platforms/platform-harness';
import type { TestUser } from '../../utils/identity';

const tweetId = (n: number) => `1870000000000${String(n).padStart(4, '0')}`;

describe('metrics collection against the platform fakes: batching, rate limits, scopes', () => {
  // The first read right after publishing, the next an hour later: each test sees one.
  const suite = platformSuite({
    SOKU_METRICS_SCHEDULE: '1ms,1h',
    SOKU_METRICS_PASS_INTERVAL_MS: '100',
  });
  let h: PlatformHarness;
  let user: TestUser;
  beforeEach(() => ({ h, user } = suite));

  const reads = () => h.t.app.get(MetricReadsRepository);

  /** `n` posts already on X, published by this account, on the collector's schedule. */
  async function publishedOnX(n: number): Promise<{ integrationId: string; runIds: string[] }> {
    const account = await realAccount(h, user, 'x', 'x_main', {
      accessToken: LIVE('x'),
      metadata: METADATA.x,
    });
    const publishedAt = new Date(Date.now() - 60_000);
    const runs = Array.from({ length: n }, (_, i) => {
      h.x.tweets.push({ id: tweetId(i), text: `${i}`, mediaIds: [], mediaKeys: [], createdAt: '' });
      return {
        run: {
          runId: randomUUID(),
          userId: user.userId,
          profileId: user.userId,
          submissionId: randomUUID(),
          platform: 'x',
          accountId: 'x_main',
          integrationId: account.id,
          platformPostId: tweetId(i),
          publishedAt,
        },
        firstReadAt: new Date(publishedAt.getTime() + 1),
      };
    });
    await reads().schedule(runs);
    return { integrationId: account.id, runIds: runs.map(({ run }) => run.runId) };
  }

  const scheduled = (runIds: string[]) => reads().scheduledOf(defaultScope(user.userId), runIds);
  const analyticsOf = async (
    postId: string,
  ): Promise<{ runs: { nextReadAt: string | null; unavailable: unknown }[] }> =>
    (
      await request(h.t.http)
        .get(`/v1/posts/${postId}/analytics`)
        .set('soku-api-key', user.apiKey)
        .expect(200)
    ).body;

  it('reads 150 published X posts of one account in two lookups of at most 100 ids', async () => {
    const { runIds } = await publishedOnX(150);
    await waitFor(
      'every run read',
      () => scheduled(runIds),
      (rows) => rows.every((row) => row.nextReadAt!.getTime() > Date.now() + 30 * 60_000),
    );
    const lookups = h.x.callsTo('GET /2/tweets');
    expect(lookups.map((call) => call.query.ids.split(',').length)).toEqual([100, 50]);
  });

  it("postpones the account's reads to X's reset on a 429, while publishing to it goes out", async () => {
    const { integrationId, runIds } = await publishedOnX(3);
    const reset = Math.floor(Date.now() / 1000) + 900;
    h.x.failNext('GET /2/tweets', {
      status: 429,
      headers: { 'x-rate-limit-remaining': '0', 'x-rate-limit-reset': String(reset) },
      body: {
        title: 'Too Many Requests',
        type: 'about:blank',
        status: 429,
        detail: 'Too Many Requests',
      },
    });
    const postponed = await waitFor(
      'the reads postponed',
      () => scheduled(runIds),
      (rows) => rows.every((row) => row.nextReadAt!.getTime() >= reset * 1000),
    );
    expect(postponed.every((row) => row.unavailable === null)).toBe(true);
    expect(h.x.callsTo('GET /2/tweets')).toHaveLength(1);

    const post = await publish(h, user, { text: 'Still publishing', platform: ['x'] });
    expect(post.runs[0]).toMatchObject({ status: 'succeeded' });
    // Its run is scheduled and due, but the account stays paused until X's reset.
    await waitFor(
      'the new run scheduled',
      () => analyticsOf(post.id),
      (body) => body.runs[0].nextReadAt !== null,
    );
    const claimed = await reads().claimDueAccounts(60_000);
    expect(claimed.map((account) => account.integrationId)).not.toContain(integrationId);
    expect(h.x.callsTo('GET /2/tweets')).toHaveLength(1);
  });

  it('shows metrics_unavailable with Meta words for a Page token without read_insights', async () => {
    await realAccount(h, user, 'facebook', 'fb_page_main', {
      accessToken: LIVE(`page_1001${WITHOUT_INSIGHTS}`),
      metadata: METADATA.facebook(),
      platformAccountId: PAGE_ID,
    });
    const post = await publish(h, user, { text: 'Page update', platform: ['facebook'] });
    expect(post.runs[0]).toMatchObject({ status: 'succeeded' });
    const analytics = await waitFor(
      'the run marked unavailable',
      () => analyticsOf(post.id),
      (body) => body.runs[0].unavailable !== null,
    );
    expect(analytics.runs[0]).toMatchObject({
      platform: 'facebook',
      state: 'collecting',
      latest: null,
      unavailable: {
        code: 'metrics_unavailable',
        reason:
          'Facebook: (#10) This endpoint requires the read_insights permission or the pages_read_engagement permission',
      },
    });
  });
});
