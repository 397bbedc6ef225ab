import { XMetricsReader } from '../../src/modules/connectors/x/x-metrics.reader';
import type { MetricsReadRequest } from '../../src/modules/connectors/metrics/post-metrics-reader';
import { FakeX } from '../fakes/platforms/fake-x';
import { xPublicMetrics } from '../fakes/platforms/fake-x-metrics';
import { connectorConfig, failureOf } from './connector-harness';

const tweetId = (n: number) => `1860000000000${String(n).padStart(4, '0')}`;

describe('X metrics reader against the documented post lookup', () => {
  let x: FakeX;
  let reader: XMetricsReader;

  beforeAll(async () => {
    x = await new FakeX((token) => token === 'valid-token').start();
    reader = new XMetricsReader(connectorConfig('x', x.url));
  });
  afterAll(() => x.stop());
  beforeEach(() => x.reset());

  const seed = (n: number) => {
    for (let i = 1; i <= n; i++) {
      x.tweets.push({
        id: tweetId(i),
        text: `post ${i}`,
        mediaIds: [],
        mediaKeys: [],
        createdAt: '',
      });
    }
  };
  const readOf = (ids: string[], accessToken = 'valid-token'): MetricsReadRequest => ({
    platform: 'x',
    accountId: 'x_main',
    accessToken,
    metadata: {},
    posts: ids.map((id, i) => ({ runId: `run-${i}`, platformPostId: id, publishedAt: new Date() })),
  });

  it('asks for public_metrics of many ids in one call and normalises them', async () => {
    seed(3);
    const results = await reader.read(readOf([tweetId(1), tweetId(2), tweetId(3)]));

    const [call] = x.callsTo('GET /2/tweets');
    expect(x.callsTo('GET /2/tweets')).toHaveLength(1);
    expect(call.authorization).toBe('Bearer valid-token');
    expect(call.query).toEqual({
      ids: [1, 2, 3].map(tweetId).join(','),
      'tweet.fields': 'public_metrics',
    });
    const raw = xPublicMetrics(tweetId(2));
    expect(results[1]).toEqual({
      runId: 'run-1',
      status: 'read',
      raw,
      figures: {
        impressions: raw.impression_count,
        likes: raw.like_count,
        comments: raw.reply_count,
        shares: raw.retweet_count + raw.quote_count,
        saves: raw.bookmark_count,
      },
    });
  });

  it('reports a deleted post as unavailable in X words, beside the others', async () => {
    seed(1);
    const [found, gone] = await reader.read(readOf([tweetId(1), tweetId(9)]));
    expect(found.status).toBe('read');
    expect(gone).toEqual({
      runId: 'run-1',
      status: 'unavailable',
      code: 'post_not_found',
      reason: `X: Could not find tweet with ids: [${tweetId(9)}].`,
    });
  });

  it('turns a 403 (no permission to read posts) into metrics_unavailable for every post', async () => {
    seed(2);
    x.failNext('GET /2/tweets', {
      status: 403,
      body: { title: 'Forbidden', type: 'about:blank', status: 403, detail: 'Forbidden' },
    });
    const results = await reader.read(readOf([tweetId(1), tweetId(2)]));
    expect(results).toEqual([
      {
        runId: 'run-0',
        status: 'unavailable',
        code: 'metrics_unavailable',
        reason: 'X: Forbidden',
      },
      {
        runId: 'run-1',
        status: 'unavailable',
        code: 'metrics_unavailable',
        reason: 'X: Forbidden',
      },
    ]);
  });

  it('defers on a 429 until the window X names resets', async () => {
    seed(1);
    const reset = Math.floor(Date.now() / 1000) + 600;
    x.failNext('GET /2/tweets', {
      status: 429,
      headers: { 'x-rate-limit-remaining': '0', 'x-rate-limit-reset': String(reset) },
      body: {
        title: 'Too Many Requests',
        type: 'about:blank',
        status: 429,
        detail: 'Too Many Requests',
      },
    });
    const failure = await failureOf(reader.read(readOf([tweetId(1)])));
    expect(failure).toMatchObject({ kind: 'deferred', code: 'rate_limited' });
    expect(failure.retryAfterMs).toBeGreaterThan(500_000);
  });

  it('says a rejected token is an auth failure, for the collector to retry later', async () => {
    seed(1);
    const failure = await failureOf(reader.read(readOf([tweetId(1)], 'revoked')));
    expect(failure).toMatchObject({ kind: 'auth', code: 'token_rejected' });
  });
});
