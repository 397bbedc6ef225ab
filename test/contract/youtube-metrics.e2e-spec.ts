import type { MetricsReadRequest } from '../../src/modules/connectors/metrics/post-metrics-reader';
import { YoutubeMetricsReader } from '../../src/modules/connectors/youtube/youtube-metrics.reader';
import { FakeYoutube } from '../fakes/platforms/youtube-fake';
import { youtubeStatistics } from '../fakes/platforms/youtube-metrics-fake';
import { connectorConfig, failureOf } from './connector-harness';

const videoId = (n: number) => `vid${String(n).padStart(8, '0')}`;

describe('YouTube metrics reader against videos.list', () => {
  let youtube: FakeYoutube;
  let reader: YoutubeMetricsReader;

  beforeAll(async () => {
    youtube = await new FakeYoutube().start();
    reader = new YoutubeMetricsReader(connectorConfig('youtube', youtube.url));
  });
  afterAll(() => youtube.stop());
  beforeEach(() => {
    youtube.received.length = 0;
    youtube.seededVideos.clear();
  });

  const readOf = (ids: string[], accessToken = 'valid-token'): MetricsReadRequest => ({
    platform: 'youtube',
    accountId: 'yt_main',
    accessToken,
    metadata: {},
    posts: ids.map((id, i) => ({ runId: `run-${i}`, platformPostId: id, publishedAt: new Date() })),
  });

  it('asks for the statistics part of up to 50 ids and normalises Google strings', async () => {
    const ids = Array.from({ length: 50 }, (_, i) => videoId(i));
    ids.forEach((id) => youtube.seededVideos.add(id));
    const results = await reader.read(readOf(ids));

    expect(youtube.received).toHaveLength(1);
    const [call] = youtube.received;
    expect(call.path).toBe('/youtube/v3/videos');
    expect(call.headers.authorization).toBe('Bearer valid-token');
    expect(call.query.get('part')).toBe('statistics');
    expect(call.query.get('id')).toBe(ids.join(','));
    const stats = youtubeStatistics(ids[3]);
    expect(results[3]).toEqual({
      runId: 'run-3',
      status: 'read',
      raw: stats,
      figures: {
        views: Number(stats.viewCount),
        likes: Number(stats.likeCount),
        comments: Number(stats.commentCount),
        saves: 0,
      },
    });
  });

  it('reports a video videos.list leaves out as unavailable', async () => {
    youtube.seededVideos.add(videoId(1));
    const [found, gone] = await reader.read(readOf([videoId(1), videoId(2)]));
    expect(found.status).toBe('read');
    expect(gone).toMatchObject({ status: 'unavailable', code: 'post_not_found' });
  });

  it('is an auth failure for a rejected token', async () => {
    const failure = await failureOf(reader.read(readOf([videoId(1)], 'revoked')));
    expect(failure).toMatchObject({ kind: 'auth' });
  });
});
