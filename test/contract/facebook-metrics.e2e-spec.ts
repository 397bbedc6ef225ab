import { FacebookMetricsReader } from '../../src/modules/connectors/facebook/facebook-metrics.reader';
import type { MetricsReadRequest } from '../../src/modules/connectors/metrics/post-metrics-reader';
import {
  DEPRECATED_POST_METRICS,
  facebookCounts,
  WITHOUT_INSIGHTS,
} from '../fakes/platforms/fake-facebook-insights';
import { FakeMetaGraph } from '../fakes/platforms/fake-meta-graph';
import { graphError } from '../fakes/platforms/meta-graph-shared';
import { insightValue } from '../fakes/platforms/meta-insights-fake';
import { connectorConfig, failureOf } from './connector-harness';

const postId = (n: number) => `1001_17000000000${String(n).padStart(4, '0')}`;

describe('Facebook metrics reader against the Page post fields and insights', () => {
  let meta: FakeMetaGraph;
  let reader: FacebookMetricsReader;

  beforeAll(async () => {
    meta = await new FakeMetaGraph((token) => token.startsWith('valid-token')).start();
    reader = new FacebookMetricsReader(
      connectorConfig('facebook', meta.url, { SOKU_META_GRAPH_VERSION: 'v23.0' }),
    );
  });
  afterAll(() => meta.stop());
  beforeEach(() => meta.reset());

  const seed = (n: number) => {
    for (let i = 1; i <= n; i++) {
      meta.posts.push({
        id: postId(i),
        owner: '1001',
        text: `post ${i}`,
        kind: 'feed',
        media: [],
        permalink: '',
        createdAt: '',
      });
    }
  };
  const readOf = (ids: string[], accessToken = 'valid-token'): MetricsReadRequest => ({
    platform: 'facebook',
    accountId: 'page_main',
    accessToken,
    metadata: { pageId: '1001' },
    posts: ids.map((id, i) => ({ runId: `run-${i}`, platformPostId: id, publishedAt: new Date() })),
  });

  it('reads several posts in one call with their counts and current insights, normalised', async () => {
    seed(3);
    const results = await reader.read(readOf([postId(1), postId(2), postId(3)]));
    const calls = meta.callsTo('GET /v23.0/');
    expect(calls).toHaveLength(1);
    expect(calls[0].query).toEqual({
      ids: [1, 2, 3].map(postId).join(','),
      fields:
        'shares,reactions.summary(total_count).limit(0),comments.summary(true).limit(0),' +
        'insights.metric(post_media_view,post_total_media_view_unique,post_clicks)',
      access_token: 'valid-token',
    });
    const id = postId(2);
    const counts = facebookCounts(id);
    const v = (metric: string) => insightValue(id, metric);
    expect(results[1]).toEqual({
      runId: 'run-1',
      status: 'read',
      raw: {
        post_media_view: v('post_media_view'),
        post_total_media_view_unique: v('post_total_media_view_unique'),
        post_clicks: v('post_clicks'),
        ...counts,
      },
      figures: {
        impressions: v('post_total_media_view_unique'),
        views: v('post_media_view'),
        likes: counts.reactions,
        comments: counts.comments,
        shares: counts.shares,
        clicks: v('post_clicks'),
      },
    });
  });

  it('refuses the removed post_impressions metrics the way Graph does', async () => {
    seed(1);
    for (const metric of DEPRECATED_POST_METRICS) {
      const res = await fetch(
        `${meta.url}/v23.0/?ids=${postId(1)}&fields=insights.metric(${metric})&access_token=valid-token`,
      );
      expect(res.status).toBe(400);
      expect(await res.json()).toMatchObject({
        error: { code: 100, message: '(#100) The value must be a valid insights metric' },
      });
    }
  });

  it('reads a deleted post as post_not_found and the others as read', async () => {
    seed(2);
    const results = await reader.read(readOf([postId(1), postId(9), postId(2)]));
    expect(meta.callsTo('GET /v23.0/')).toHaveLength(2);
    expect(results.map((result) => result.status)).toEqual(['read', 'unavailable', 'read']);
    expect(results[1]).toEqual({
      runId: 'run-1',
      status: 'unavailable',
      code: 'post_not_found',
      reason: 'Facebook: the post does not exist any more',
    });
  });

  it('reads a batch of only deleted posts as post_not_found without asking again', async () => {
    const results = await reader.read(readOf([postId(8), postId(9)]));
    expect(meta.callsTo('GET /v23.0/')).toHaveLength(1);
    expect(results.map((result) => result.status === 'unavailable' && result.code)).toEqual([
      'post_not_found',
      'post_not_found',
    ]);
  });

  it('gives metrics_unavailable in Meta words for a token without read_insights', async () => {
    seed(2);
    const results = await reader.read(
      readOf([postId(1), postId(2)], `valid-token${WITHOUT_INSIGHTS}`),
    );
    expect(results).toEqual(
      ['run-0', 'run-1'].map((runId) => ({
        runId,
        status: 'unavailable',
        code: 'metrics_unavailable',
        reason:
          'Facebook: (#10) This endpoint requires the read_insights permission or the pages_read_engagement permission',
      })),
    );
  });

  it('defers on throttling until the window the usage header names', async () => {
    seed(1);
    meta.failNext('GET /v23.0/', {
      ...graphError(400, 32, '(#32) Page request limit reached'),
      headers: {
        'x-business-use-case-usage': JSON.stringify({
          '1001': [{ type: 'pages', call_count: 100, estimated_time_to_regain_access: 12 }],
        }),
      },
    });
    const failure = await failureOf(reader.read(readOf([postId(1)])));
    expect(failure).toMatchObject({ kind: 'deferred', code: 'rate_limited' });
    expect(failure.retryAfterMs).toBe(12 * 60_000);
  });

  it('is an auth failure for an expired token', async () => {
    seed(1);
    const failure = await failureOf(reader.read(readOf([postId(1)], 'expired')));
    expect(failure).toMatchObject({ kind: 'auth' });
  });
});
