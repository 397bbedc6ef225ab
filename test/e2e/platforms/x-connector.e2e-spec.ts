import request from 'supertest';
import type { TestUser } from '../../utils/identity';
import { waitForPost } from '../../utils/posts';
import {
  LIVE,
  METADATA,
  type PlatformHarness,
  publish,
  realAccount,
  platformSuite,
} from './platform-harness';

describe('X connector against a fake X API v2', () => {
  const suite = platformSuite();
  let h: PlatformHarness;
  let user: TestUser;
  beforeEach(() => ({ h, user } = suite));

  const account = (accessToken = LIVE('x'), refreshToken?: string) =>
    realAccount(h, user, 'x', 'x_main', { accessToken, refreshToken, metadata: METADATA.x });

  it('should post text with the bearer token and store the id and URL', async () => {
    await account();
    const done = await publish(h, user, { text: 'Hello from the API!', platform: ['x'] });
    const [run] = done.runs;
    expect(run).toMatchObject({ status: 'succeeded', attempts: 1 });
    const [call] = h.x.callsTo('POST /2/tweets');
    expect(call.authorization).toBe(`Bearer ${LIVE('x')}`);
    expect(call.contentType).toBe('application/json');
    expect(call.fields).toEqual({ text: 'Hello from the API!' });
    expect(run.platformPostId).toBe(h.x.tweets[0].id);
    expect(run.url).toBe(`https://x.com/sokudev/status/${h.x.tweets[0].id}`);
  });

  it('should upload four images with the v2 upload, then post them in order', async () => {
    await account();
    const urls = ['/photo.jpg', '/image.jpg', '/second.jpg', '/graphic.png'].map((p) =>
      h.origin.url(p),
    );
    const done = await publish(h, user, { text: 'Four', imageUrls: urls, platform: ['x'] });
    expect(done.runs[0].status).toBe('succeeded');
    const uploads = h.x.callsTo('POST /2/media/upload');
    expect(uploads).toHaveLength(4);
    expect(uploads.map((u) => [u.fields.media_category, u.fields.media_type])).toEqual([
      ['tweet_image', 'image/jpeg'],
      ['tweet_image', 'image/jpeg'],
      ['tweet_image', 'image/jpeg'],
      ['tweet_image', 'image/png'],
    ]);
    expect(uploads.every((u) => u.files.media.length > 0)).toBe(true);
    const ids = [...h.x.media.values()].map((m) => m.id);
    expect(JSON.parse(h.x.callsTo('POST /2/tweets')[0].fields.media)).toEqual({ media_ids: ids });
  });

  it('should upload a video in chunks (initialize, append, finalize, status) before posting', async () => {
    await account();
    const done = await publish(h, user, {
      text: 'A video',
      videoUrl: h.origin.url('/video.mp4'),
      platform: ['x'],
    });
    expect(done.runs[0].status).toBe('succeeded');
    const [init] = h.x.callsTo('POST /2/media/upload/initialize');
    const total = Number(init.fields.total_bytes);
    expect(init.fields).toMatchObject({ media_type: 'video/mp4', media_category: 'tweet_video' });
    const appends = h.x.callsTo('POST /2/media/upload/:id/append');
    expect(appends.map((a) => a.fields.segment_index)).toEqual(appends.map((_, i) => String(i)));
    expect(appends.length).toBe(Math.ceil(total / 1024));
    expect(appends.every((a) => a.files.media.length <= 1024)).toBe(true);
    expect(appends.reduce((n, a) => n + a.files.media.length, 0)).toBe(total);
    expect(h.x.callsTo('POST /2/media/upload/:id/finalize')).toHaveLength(1);
    const [status] = h.x.callsTo('GET /2/media/upload');
    expect(status.query).toMatchObject({ command: 'STATUS' });
    expect(h.x.tweets[0].mediaIds).toEqual([status.query.media_id]);
  });

  it('should refresh an expired token once (rotating the refresh token) and then post', async () => {
    await account('expired-token', h.oauth.issueRefreshToken());
    const done = await publish(h, user, { text: 'After refresh', platform: ['x'] });
    expect(done.runs[0]).toMatchObject({ status: 'succeeded', attempts: 1 });
    const refresh = h.oauth.tokenCalls.filter((c) => c.params.grant_type === 'refresh_token');
    expect(refresh).toHaveLength(1);
    expect(refresh[0].basicAuth).toMatch(/^Basic /);
    const [rejected, accepted] = h.x.callsTo('POST /2/tweets');
    expect(rejected.authorization).toBe('Bearer expired-token');
    expect(h.oauth.isLiveAccessToken(accepted.authorization!.slice(7))).toBe(true);
    expect(h.x.tweets).toHaveLength(1);
  });

  it('should defer a 429 to x-rate-limit-reset without spending an attempt', async () => {
    await account();
    const reset = Math.floor(Date.now() / 1000) + 2;
    h.x.failNext('POST /2/tweets', {
      status: 429,
      body: {
        title: 'Too Many Requests',
        detail: 'Too Many Requests',
        type: 'about:blank',
        status: 429,
      },
      headers: {
        'x-rate-limit-limit': '100',
        'x-rate-limit-remaining': '0',
        'x-rate-limit-reset': String(reset),
      },
    });
    const deferred = await publish(h, user, { text: 'Later', platform: ['x'] }, (p) =>
      p.runs.some((r) => r.error?.code === 'rate_limited'),
    );
    const [row] = await h.t.dataSource.query(
      'SELECT status, attempts, next_attempt_at FROM post_runs',
    );
    expect(row.status).toBe('queued');
    expect(row.attempts).toBe(0);
    expect(new Date(row.next_attempt_at).getTime()).toBeGreaterThanOrEqual(reset * 1000 - 1000);
    expect(deferred.runs[0].error?.message).toBe('X: Too Many Requests');
    const done = await waitForPost(h.t, user.apiKey, deferred.id, (p) => p.outcome !== 'pending');
    expect(done.runs[0]).toMatchObject({ status: 'succeeded', attempts: 1 });
    expect(h.x.tweets.map((t) => t.text)).toEqual(['Later']);
  });

  it('should look before re-sending after a 5xx, then retry', async () => {
    await account();
    h.x.failNext('POST /2/tweets', {
      status: 503,
      body: { title: 'Service Unavailable', detail: 'Service Unavailable', status: 503 },
    });
    const done = await publish(h, user, { text: 'Retried', platform: ['x'] });
    expect(done.runs[0]).toMatchObject({ status: 'succeeded', attempts: 2 });
    expect(h.x.callsTo('GET /2/users/:id/tweets').length).toBeGreaterThanOrEqual(1);
    expect(h.x.tweets).toHaveLength(1);
  });

  it('should find the tweet instead of posting twice when the answer is lost', async () => {
    await account();
    h.x.loseAnswerNext('POST /2/tweets');
    const done = await publish(h, user, {
      text: 'Posted once https://example.com/a',
      imageUrls: [h.origin.url('/photo.jpg')],
      platform: ['x'],
    });
    expect(done.runs[0]).toMatchObject({ status: 'succeeded', attempts: 1 });
    expect(h.x.callsTo('POST /2/tweets')).toHaveLength(1);
    expect(h.x.tweets).toHaveLength(1);
    expect(done.runs[0].platformPostId).toBe(h.x.tweets[0].id);
  });

  it("should record X's duplicate answer as duplicate_content", async () => {
    await account();
    h.x.tweets.push({
      id: '1',
      text: 'Same again',
      mediaIds: [],
      mediaKeys: [],
      createdAt: new Date().toISOString(),
    });
    const done = await publish(h, user, { text: 'Same again', platform: ['x'] });
    expect(done.runs[0]).toMatchObject({
      status: 'failed',
      attempts: 1,
      error: {
        code: 'duplicate_content',
        message: 'X: You are not allowed to create a Tweet with duplicate content.',
      },
    });
  });

  it('should defer a video X is still processing and post it later without uploading again', async () => {
    await account();
    // Five STATUS reads per attempt after FINALIZE (FAST_PLATFORMS): succeeded on the second.
    h.x.processingChecks = 8;
    const done = await publish(h, user, {
      text: 'Long video',
      videoUrl: h.origin.url('/video.mp4'),
      platform: ['x'],
    });
    expect(done.runs[0]).toMatchObject({ status: 'succeeded', attempts: 1 });
    expect(h.x.callsTo('POST /2/media/upload/initialize')).toHaveLength(1);
    expect(h.x.callsTo('GET /2/media/upload')).toHaveLength(8);
    const [video] = h.x.media.keys();
    expect(h.x.tweets[0].mediaIds).toEqual([video]);
  });

  it('should fail a video still processing past the total bound, without posting', async () => {
    await account();
    h.x.stuckProcessing = true;
    const done = await publish(h, user, {
      text: 'Stuck',
      videoUrl: h.origin.url('/video.mp4'),
      platform: ['x'],
    });
    expect(done.runs[0]).toMatchObject({
      status: 'failed',
      error: { code: 'media_processing_timeout' },
    });
    expect(done.runs[0].error!.message).toMatch(
      /^The video \(X media \d+\) was still processing after \d+ s \(the platform said: in_progress\); nothing was published$/,
    );
    expect(h.x.callsTo('POST /2/media/upload/initialize')).toHaveLength(1);
    expect(h.x.callsTo('GET /2/media/upload').length).toBeGreaterThan(5);
    expect(h.x.tweets).toHaveLength(0);
  });

  it('should take a duplicate answer to a resend after a lost answer as the post, and keep its id', async () => {
    await account();
    h.x.loseAnswerNext('POST /2/tweets');
    // The look after the lost answer misses the new post, so the run is sent again.
    h.x.timelineLag = 1;
    const done = await publish(h, user, { text: 'Sent once, answered never', platform: ['x'] });
    expect(done.runs[0]).toMatchObject({ status: 'succeeded', attempts: 2 });
    const sends = h.x.callsTo('POST /2/tweets');
    expect(sends).toHaveLength(2);
    expect(h.x.tweets).toHaveLength(1);
    expect(done.runs[0].platformPostId).toBe(h.x.tweets[0].id);
  });

  it('should refuse a GIF with another image at request time', async () => {
    await account();
    const res = await request(h.t.http)
      .post('/v1/posts')
      .set('soku-api-key', user.apiKey)
      .send({
        post: {
          content: {
            imageUrls: ['https://e.x/a.gif', 'https://e.x/b.jpg'],
            platform: ['x'],
          },
        },
      })
      .expect(400);
    expect(res.body.error.details).toEqual([
      expect.objectContaining({
        code: 'platform_rule',
        message:
          'X takes one GIF on its own, without other images or a video; the post has 2 media items',
      }),
    ]);
  });

  it('should weigh text as X does: 140 emoji sequences fit, a bare domain counts 23', async () => {
    await account();
    const families = '👨‍👩‍👧'.repeat(140);
    const done = await publish(h, user, { text: families, platform: ['x'] });
    expect(done.runs[0].status).toBe('succeeded');
    expect(h.x.tweets[0].text).toBe(families);
    const res = await request(h.t.http)
      .post('/v1/posts')
      .set('soku-api-key', user.apiKey)
      .send({ post: { content: { text: `${'a'.repeat(260)} example.com`, platform: ['x'] } } })
      .expect(400);
    expect(res.body.error.details).toEqual([
      expect.objectContaining({
        code: 'platform_rule',
        message: 'X allows 280 weighted characters (URLs 23, emoji and CJK 2); the text has 284',
      }),
    ]);
  });
});
