import type { MetricsReadRequest } from '../../src/modules/connectors/metrics/post-metrics-reader';
import { InstagramMetricsReader } from '../../src/modules/connectors/instagram/instagram-metrics.reader';
import { ThreadsMetricsReader } from '../../src/modules/connectors/threads/threads-metrics.reader';
import { FakeMetaGraph } from '../fakes/platforms/fake-meta-graph';
import { graphError } from '../fakes/platforms/meta-graph-shared';
import { insightValue } from '../fakes/platforms/meta-insights-fake';
import { connectorConfig, failureOf } from './connector-harness';

describe('Instagram and Threads metrics readers against the media insights endpoints', () => {
  let meta: FakeMetaGraph;
  let instagram: InstagramMetricsReader;
  let threads: ThreadsMetricsReader;

  beforeAll(async () => {
    meta = await new FakeMetaGraph((token) => token === 'valid-token').start();
    const config = connectorConfig('instagram', meta.url, {
      SOKU_THREADS_API_BASE: meta.url,
      SOKU_META_GRAPH_VERSION: 'v23.0',
      SOKU_THREADS_API_VERSION: 'v1.0',
    });
    instagram = new InstagramMetricsReader(config);
    threads = new ThreadsMetricsReader(config);
  });
  afterAll(() => meta.stop());
  beforeEach(() => meta.reset());

  const seed = (id: string) =>
    meta.posts.push({
      id,
      owner: 'owner',
      text: '',
      kind: 'image',
      media: [],
      permalink: '',
      createdAt: '',
    });
  const readOf = (platform: 'instagram' | 'threads', id: string): MetricsReadRequest => ({
    platform,
    accountId: 'main',
    accessToken: 'valid-token',
    metadata: {},
    posts: [{ runId: 'run-1', platformPostId: id, publishedAt: new Date() }],
  });

  it('asks Instagram for the documented media metrics and normalises them', async () => {
    seed('178000001234');
    const [result] = await instagram.read(readOf('instagram', '178000001234'));
    const [call] = meta.callsTo('GET /v23.0/:id/insights');
    expect(call.path).toBe('/v23.0/178000001234/insights');
    expect(call.query).toEqual({
      metric: 'views,reach,likes,comments,shares,saved',
      access_token: 'valid-token',
    });
    const v = (metric: string) => insightValue('178000001234', metric);
    expect(result).toMatchObject({
      status: 'read',
      figures: {
        impressions: v('reach'),
        views: v('views'),
        likes: v('likes'),
        comments: v('comments'),
        shares: v('shares'),
        saves: v('saved'),
      },
    });
  });

  it('asks Threads for its media metrics, replies as comments and reposts + quotes + shares', async () => {
    seed('179000005678');
    const [result] = await threads.read(readOf('threads', '179000005678'));
    const [call] = meta.callsTo('GET /v1.0/:id/insights');
    expect(call.query.metric).toBe('views,likes,replies,reposts,quotes,shares');
    const v = (metric: string) => insightValue('179000005678', metric);
    expect(result).toMatchObject({
      status: 'read',
      figures: {
        views: v('views'),
        likes: v('likes'),
        comments: v('replies'),
        shares: v('reposts') + v('quotes') + v('shares'),
      },
    });
  });

  it('reads a token without the insights permission as metrics_unavailable, in Meta words', async () => {
    seed('178000001234');
    meta.failNext(
      'GET /v23.0/:id/insights',
      graphError(403, 10, '(#10) Application does not have permission for this action'),
    );
    const [result] = await instagram.read(readOf('instagram', '178000001234'));
    expect(result).toEqual({
      runId: 'run-1',
      status: 'unavailable',
      code: 'metrics_unavailable',
      reason: 'Instagram: (#10) Application does not have permission for this action',
    });
  });

  it('is an auth failure for an expired token', async () => {
    seed('178000001234');
    const failure = await failureOf(
      instagram.read({ ...readOf('instagram', '178000001234'), accessToken: 'expired' }),
    );
    expect(failure).toMatchObject({ kind: 'auth' });
  });
});
