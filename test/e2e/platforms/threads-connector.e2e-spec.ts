import request from 'supertest';
import type { TestUser } from '../../utils/identity';
import {
  LIVE,
  METADATA,
  type PlatformHarness,
  publish,
  realAccount,
  platformSuite,
  THREADS_USER,
} from './platform-harness';

const T = '/v1.0';

describe('Threads connector against a fake Threads API', () => {
  // Deferrals bounded at 10 minutes here, so a 15-minute throttle wait is past the bound.
  const suite = platformSuite({ SOKU_PUBLISH_MAX_DEFERRAL_MS: '600000' });
  let h: PlatformHarness;
  let user: TestUser;
  beforeEach(() => ({ h, user } = suite));

  const account = (accessToken = LIVE('threads')) =>
    realAccount(h, user, 'threads', 'threads_main', {
      accessToken,
      metadata: METADATA.threads,
      platformAccountId: THREADS_USER,
    });

  it('should publish text: a TEXT container, then threads_publish, then the permalink', async () => {
    await account();
    const done = await publish(h, user, { text: 'Hello from the API!', platform: ['threads'] });
    const [run] = done.runs;
    expect(run).toMatchObject({ status: 'succeeded', attempts: 1 });
    const [create] = h.meta.callsTo(`POST ${T}/:user/threads`);
    expect(create.path).toBe(`${T}/${THREADS_USER}/threads`);
    expect(create.fields).toEqual({
      media_type: 'TEXT',
      text: 'Hello from the API!',
      access_token: LIVE('threads'),
    });
    const [pub] = h.meta.callsTo(`POST ${T}/:user/threads_publish`);
    expect(h.meta.containers.has(pub.fields.creation_id)).toBe(true);
    expect(run.platformPostId).toBe(h.meta.posts[0].id);
    expect(run.url).toMatch(/^https:\/\/www\.threads\.net\/@threads\.dev\/post\//);
  });

  it('should publish an image and a video from their public URLs', async () => {
    await account();
    await publish(h, user, {
      text: 'Image',
      imageUrls: [h.origin.url('/graphic.png')],
      platform: ['threads'],
    });
    await publish(h, user, {
      text: 'Video',
      videoUrl: h.origin.url('/video.mp4'),
      platform: ['threads'],
    });
    const creates = h.meta.callsTo(`POST ${T}/:user/threads`).map((c) => c.fields);
    expect(creates[0]).toMatchObject({ media_type: 'IMAGE', text: 'Image' });
    expect(creates[0].image_url.startsWith(h.t.config.app.publicUrl)).toBe(true);
    expect(creates[1]).toMatchObject({ media_type: 'VIDEO', text: 'Video' });
    expect(h.meta.posts).toHaveLength(2);
    const statusReads = h.meta
      .callsTo(`GET ${T}/:id`)
      .filter((c) => c.query.fields === 'status,error_message');
    expect(statusReads.length).toBeGreaterThanOrEqual(2);
  });

  it('should publish a carousel: item containers, then the CAROUSEL', async () => {
    await account();
    const done = await publish(h, user, {
      text: 'Carousel',
      imageUrls: [h.origin.url('/photo.jpg'), h.origin.url('/graphic.png')],
      platform: ['threads'],
    });
    expect(done.runs[0].status).toBe('succeeded');
    const creates = h.meta.callsTo(`POST ${T}/:user/threads`).map((c) => c.fields);
    expect(creates.slice(0, 2).map((f) => [f.media_type, f.is_carousel_item])).toEqual([
      ['IMAGE', 'true'],
      ['IMAGE', 'true'],
    ]);
    expect(creates[2]).toMatchObject({ media_type: 'CAROUSEL', text: 'Carousel' });
  });

  it('should mark the account for reconnection when the token is dead and cannot be refreshed', async () => {
    await account('expired-threads-token');
    const done = await publish(h, user, { text: 'Expired', platform: ['threads'] });
    expect(done.runs[0].error!.code).toBe('account_needs_reauth');
    const refresh = h.oauth.tokenCalls.filter((c) => c.params.grant_type === 'th_refresh_token');
    expect(refresh).toHaveLength(1);
  });

  it('should look at the container after a lost threads_publish answer, and not publish twice', async () => {
    await account();
    h.meta.loseAnswerNext(`POST ${T}/:user/threads_publish`);
    const done = await publish(h, user, { text: 'Once', platform: ['threads'] });
    expect(done.runs[0]).toMatchObject({ status: 'succeeded', attempts: 1 });
    expect(h.meta.callsTo(`POST ${T}/:user/threads_publish`)).toHaveLength(1);
    expect(h.meta.posts).toHaveLength(1);
  });

  it('should defer a video container still IN_PROGRESS and publish the same one later', async () => {
    await account();
    h.meta.checksUntilFinished = 8;
    const done = await publish(h, user, {
      text: 'Long video',
      videoUrl: h.origin.url('/video.mp4'),
      platform: ['threads'],
    });
    expect(done.runs[0]).toMatchObject({ status: 'succeeded', attempts: 1 });
    const creates = h.meta.callsTo(`POST ${T}/:user/threads`);
    expect(creates).toHaveLength(1);
    const [container] = h.meta.containers.values();
    expect(
      h.meta.callsTo(`POST ${T}/:user/threads_publish`).map((c) => c.fields.creation_id),
    ).toEqual([container.id]);
  });

  it('should fail a deferral that would pass the total bound, with the platform message', async () => {
    await account();
    // Throttling without a usage header waits 15 minutes: past this suite's 10-minute bound.
    h.meta.failNext(`POST ${T}/:user/threads`, {
      status: 400,
      body: {
        error: { message: 'Application request limit reached', type: 'OAuthException', code: 4 },
      },
    });
    const done = await publish(h, user, { text: 'Throttled', platform: ['threads'] });
    expect(done.runs[0]).toMatchObject({
      status: 'failed',
      error: {
        code: 'rate_limited',
        message:
          'Threads: (#4) Application request limit reached (deferred past the 10-minute bound)',
      },
    });
  });

  it('should count an emoji sequence by its UTF-8 bytes toward the 500, at request time', async () => {
    await account();
    // 👨‍👩‍👧 is 18 bytes: 482 + 18 = 500 fits, one more letter does not.
    const fits = `${'a'.repeat(482)}👨‍👩‍👧`;
    const done = await publish(h, user, { text: fits, platform: ['threads'] });
    expect(done.runs[0].status).toBe('succeeded');
    const res = await request(h.t.http)
      .post('/v1/posts')
      .set('soku-api-key', user.apiKey)
      .send({ post: { content: { text: `a${fits}`, platform: ['threads'] } } })
      .expect(400);
    expect(res.body.error.details).toEqual([
      expect.objectContaining({
        code: 'platform_rule',
        message: 'Threads allows 500 characters (emoji by UTF-8 bytes); the text has 501',
      }),
    ]);
  });
});
