import type { TestUser } from '../../utils/identity';
import {
  IG_USER,
  LIVE,
  METADATA,
  type PlatformHarness,
  publish,
  realAccount,
  platformSuite,
} from './platform-harness';

const G = '/v23.0';

describe('Instagram connector against a fake Graph API', () => {
  const suite = platformSuite();
  let h: PlatformHarness;
  let user: TestUser;
  beforeEach(() => ({ h, user } = suite));

  const account = (accessToken = LIVE('page_1001')) =>
    realAccount(h, user, 'instagram', 'ig_main', {
      accessToken,
      metadata: METADATA.instagram(),
      platformAccountId: IG_USER,
    });
  const publicUrl = () => h.t.config.app.publicUrl;

  it("should publish one image through container, status and media_publish, from Soku's stored copy", async () => {
    await account();
    const done = await publish(h, user, {
      text: 'Check out this photo!',
      imageUrls: [h.origin.url('/photo.jpg')],
      platform: ['instagram'],
    });
    const [run] = done.runs;
    expect(run).toMatchObject({ status: 'succeeded', attempts: 1 });
    const [create] = h.meta.callsTo(`POST ${G}/:user/media`);
    expect(create.path).toBe(`${G}/${IG_USER}/media`);
    expect(create.fields).toMatchObject({
      caption: 'Check out this photo!',
      access_token: LIVE('page_1001'),
    });
    expect(create.fields.image_url.startsWith(`${publicUrl()}/`)).toBe(true);
    expect(h.meta.fetched).toEqual([
      { url: create.fields.image_url, type: 'image/jpeg', status: 200 },
    ]);
    const status = h.meta
      .callsTo(`GET ${G}/:id`)
      .find((c) => c.query.fields?.includes('status_code'));
    expect(status).toBeDefined();
    const [publishCall] = h.meta.callsTo(`POST ${G}/:user/media_publish`);
    expect(publishCall.fields.creation_id).toBe(status!.path.split('/').pop());
    const [media] = h.meta.posts;
    expect(run.platformPostId).toBe(media.id);
    expect(run.url).toBe(media.permalink);
    expect(run.url).toMatch(/^https:\/\/www\.instagram\.com\/p\//);
  });

  it('should publish a carousel of images and a video: item containers, then the CAROUSEL', async () => {
    await account();
    const done = await publish(h, user, {
      text: 'Carousel',
      mediaUrls: [
        h.origin.url('/photo.jpg'),
        h.origin.url('/second.jpg'),
        h.origin.url('/video.mp4'),
      ],
      platform: ['instagram'],
    });
    expect(done.runs[0].status).toBe('succeeded');
    const creates = h.meta.callsTo(`POST ${G}/:user/media`);
    expect(creates).toHaveLength(4);
    const items = creates.slice(0, 3).map((c) => c.fields);
    expect(items.map((f) => f.is_carousel_item)).toEqual(['true', 'true', 'true']);
    expect(items.map((f) => f.media_type)).toEqual([undefined, undefined, 'VIDEO']);
    expect(items[2].video_url).toBeDefined();
    expect(creates[3].fields).toMatchObject({ media_type: 'CAROUSEL', caption: 'Carousel' });
    const childIds = [...h.meta.containers.values()]
      .filter((c) => c.fields.is_carousel_item === 'true')
      .map((c) => c.id);
    expect(creates[3].fields.children).toBe(childIds.join(','));
    expect(h.meta.posts[0].media).toHaveLength(3);
  });

  it('should publish a video as a Reel', async () => {
    await account();
    const done = await publish(h, user, {
      text: 'Reel',
      videoUrl: h.origin.url('/video.mp4'),
      platform: ['instagram'],
    });
    expect(done.runs[0].status).toBe('succeeded');
    const [create] = h.meta.callsTo(`POST ${G}/:user/media`);
    expect(create.fields).toMatchObject({
      media_type: 'REELS',
      share_to_feed: 'true',
      caption: 'Reel',
    });
    expect(done.runs[0].url).toMatch(/\/reel\//);
  });

  it('should defer a container still IN_PROGRESS, keeping it, and publish that same container', async () => {
    await account();
    // Six checks per attempt (FAST_PLATFORMS): the container finishes on the second attempt.
    h.meta.checksUntilFinished = 8;
    const done = await publish(h, user, {
      text: 'Long video',
      imageUrls: [h.origin.url('/photo.jpg')],
      platform: ['instagram'],
    });
    expect(done.runs[0]).toMatchObject({ status: 'succeeded', attempts: 1 });
    expect(h.meta.callsTo(`POST ${G}/:user/media`)).toHaveLength(1);
    expect(
      h.meta.callsTo(`GET ${G}/:id`).filter((c) => c.query.fields?.includes('status_code')),
    ).toHaveLength(8);
    const [container] = h.meta.containers.values();
    expect(
      h.meta.callsTo(`POST ${G}/:user/media_publish`).map((c) => c.fields.creation_id),
    ).toEqual([container.id]);
    expect(h.meta.posts).toHaveLength(1);
  });

  it('should fail a container still processing past the total bound with what Meta last said', async () => {
    await account();
    h.meta.stuck = true;
    const done = await publish(h, user, {
      text: 'Stuck',
      imageUrls: [h.origin.url('/photo.jpg')],
      platform: ['instagram'],
    });
    expect(done.runs[0]).toMatchObject({
      status: 'failed',
      error: { code: 'media_processing_timeout' },
    });
    expect(done.runs[0].error!.message).toMatch(
      /^The post \(Instagram container \d+\) was still processing after \d+ s \(the platform said: IN_PROGRESS: In_progress\); nothing was published$/,
    );
    // Deferred between checks (more than one attempt's six), never a second container.
    expect(h.meta.callsTo(`GET ${G}/:id`).length).toBeGreaterThan(6);
    expect(h.meta.callsTo(`POST ${G}/:user/media`)).toHaveLength(1);
    expect(h.meta.callsTo(`POST ${G}/:user/media_publish`)).toHaveLength(0);
  });

  it('should make a new container when Meta says 2207053 (generate a new container), then publish', async () => {
    await account();
    h.meta.failNextContainerWith = 2207053;
    const done = await publish(h, user, {
      text: 'Second container',
      imageUrls: [h.origin.url('/photo.jpg')],
      platform: ['instagram'],
    });
    expect(done.runs[0]).toMatchObject({ status: 'succeeded', attempts: 2 });
    const [failed, fresh] = h.meta.containers.values();
    expect(failed.status).toBe('ERROR');
    expect(
      h.meta.callsTo(`POST ${G}/:user/media_publish`).map((c) => c.fields.creation_id),
    ).toEqual([fresh.id]);
    expect(h.meta.posts).toHaveLength(1);
  });

  it('should stop on the spam restriction (code 4, subcode 2207051), not wait it out as throttling', async () => {
    await account();
    h.meta.failNext(`POST ${G}/:user/media_publish`, {
      status: 400,
      body: {
        error: {
          message: 'Application request limit reached',
          type: 'OAuthException',
          code: 4,
          error_subcode: 2207051,
          is_transient: false,
          error_user_msg:
            'We restrict certain activity to protect our community. Tell us if you think we made a mistake.',
        },
      },
    });
    const done = await publish(h, user, {
      text: 'Restricted',
      imageUrls: [h.origin.url('/photo.jpg')],
      platform: ['instagram'],
    });
    expect(done.runs[0]).toMatchObject({
      status: 'failed',
      attempts: 1,
      error: {
        code: 'account_restricted',
        message:
          'Instagram: (#4/2207051) We restrict certain activity to protect our community. Tell us if you think we made a mistake.',
      },
    });
    expect(h.meta.callsTo(`POST ${G}/:user/media_publish`)).toHaveLength(1);
  });

  it('should defer the run a day on the publishing limit (2207042) without spending an attempt', async () => {
    await account();
    h.meta.failNext(`POST ${G}/:user/media_publish`, {
      status: 400,
      body: {
        error: {
          message: 'Application request limit reached',
          type: 'OAuthException',
          code: 9,
          error_subcode: 2207042,
          error_user_msg:
            'You reached the maximum number of posts that is allowed to be published by Content Publish API.',
        },
      },
    });
    const post = await publish(
      h,
      user,
      { text: 'Limit', imageUrls: [h.origin.url('/photo.jpg')], platform: ['instagram'] },
      (p) => p.runs[0].error !== null,
    );
    expect(post.runs[0].error).toEqual({
      code: 'quota_exceeded',
      message:
        'Instagram: (#9/2207042) You reached the maximum number of posts that is allowed to be published by Content Publish API.',
    });
    const [row] = await h.t.dataSource.query(
      'SELECT status, attempts, next_attempt_at FROM post_runs',
    );
    expect(row).toMatchObject({ status: 'queued', attempts: 0 });
    expect(new Date(row.next_attempt_at).getTime()).toBeGreaterThan(Date.now() + 23 * 3_600_000);
  });

  it('should fail with account_needs_reauth on an expired token (190), keeping the platform text', async () => {
    await account('expired-page-token');
    const done = await publish(h, user, {
      text: 'Expired',
      imageUrls: [h.origin.url('/photo.jpg')],
      platform: ['instagram'],
    });
    expect(done.runs[0].status).toBe('failed');
    expect(done.runs[0].error!.code).toBe('account_needs_reauth');
    expect(done.runs[0].error!.message).toContain('(#190/463) Error validating access token');
    const [row] = await h.t.dataSource.query(
      "SELECT status FROM integrations WHERE platform = 'instagram'",
    );
    expect(row.status).toBe('needs_reauth');
  });

  it('should retry a 5xx on container creation', async () => {
    await account();
    h.meta.failNext(`POST ${G}/:user/media`, {
      status: 500,
      body: {
        error: {
          message: 'An unknown error occurred',
          type: 'OAuthException',
          code: 1,
          is_transient: true,
        },
      },
    });
    const done = await publish(h, user, {
      text: 'Retry',
      imageUrls: [h.origin.url('/photo.jpg')],
      platform: ['instagram'],
    });
    expect(done.runs[0]).toMatchObject({ status: 'succeeded', attempts: 2 });
    expect(h.meta.posts).toHaveLength(1);
  });

  it('should see the container PUBLISHED after a lost media_publish answer, and not publish again', async () => {
    await account();
    h.meta.loseAnswerNext(`POST ${G}/:user/media_publish`);
    const done = await publish(h, user, {
      text: 'Once only',
      imageUrls: [h.origin.url('/photo.jpg')],
      platform: ['instagram'],
    });
    expect(done.runs[0]).toMatchObject({ status: 'succeeded', attempts: 1 });
    expect(h.meta.callsTo(`POST ${G}/:user/media_publish`)).toHaveLength(1);
    expect(h.meta.posts).toHaveLength(1);
    expect(done.runs[0].platformPostId).toBe(h.meta.posts[0].id);
  });
});
