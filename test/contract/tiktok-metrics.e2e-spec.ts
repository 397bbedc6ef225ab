import type { MetricsReadRequest } from '../../src/modules/connectors/metrics/post-metrics-reader';
import { TiktokMetricsReader } from '../../src/modules/connectors/tiktok/tiktok-metrics.reader';
import { FakeTiktok } from '../fakes/platforms/tiktok-fake';
import { tiktokVideoCounts } from '../fakes/platforms/tiktok-metrics-fake';
import { connectorConfig } from './connector-harness';

const videoId = (n: number) => `73010000000000${String(n).padStart(5, '0')}`;

describe('TikTok metrics reader against video/query', () => {
  let tiktok: FakeTiktok;
  let reader: TiktokMetricsReader;

  beforeAll(async () => {
    tiktok = await new FakeTiktok().start();
    reader = new TiktokMetricsReader(connectorConfig('tiktok', tiktok.url));
  });
  afterAll(() => tiktok.stop());
  beforeEach(() => {
    tiktok.received.length = 0;
    tiktok.videoIds.clear();
    tiktok.withoutVideoList.clear();
  });

  const readOf = (ids: string[], accessToken = 'valid-token'): MetricsReadRequest => ({
    platform: 'tiktok',
    accountId: 'tt_main',
    accessToken,
    metadata: {},
    posts: ids.map((id, i) => ({ runId: `run-${i}`, platformPostId: id, publishedAt: new Date() })),
  });

  it('queries up to 20 video ids with the count fields and normalises them', async () => {
    const ids = Array.from({ length: 20 }, (_, i) => videoId(i + 1));
    ids.forEach((id) => tiktok.videoIds.add(id));
    const results = await reader.read(readOf(ids));

    expect(tiktok.received).toHaveLength(1);
    const [call] = tiktok.received;
    expect(call.path).toBe('/v2/video/query/');
    expect(call.query.get('fields')).toBe('id,view_count,like_count,comment_count,share_count');
    expect(call.json).toEqual({ filters: { video_ids: ids } });
    const counts = tiktokVideoCounts(ids[4]);
    expect(results[4]).toMatchObject({
      status: 'read',
      figures: {
        views: counts.view_count,
        likes: counts.like_count,
        comments: counts.comment_count,
        shares: counts.share_count,
      },
    });
  });

  it('reads a token without video.list as metrics_unavailable for every post', async () => {
    tiktok.videoIds.add(videoId(1));
    tiktok.withoutVideoList.add('valid-token');
    const [result] = await reader.read(readOf([videoId(1)]));
    expect(result).toMatchObject({ status: 'unavailable', code: 'metrics_unavailable' });
    expect((result as { reason: string }).reason).toMatch(/^TikTok: The user did not authorize/);
  });

  it('reports a video the query does not return as unavailable', async () => {
    const [result] = await reader.read(readOf([videoId(9)]));
    expect(result).toMatchObject({ status: 'unavailable', code: 'post_not_found' });
  });
});
