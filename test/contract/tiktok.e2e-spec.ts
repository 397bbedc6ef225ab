import { TiktokConnector } from '../../src/modules/connectors/tiktok/tiktok.connector';
import { PublishError } from '../../src/modules/connectors/platform-connector';
import { UnansweredCallError } from '../../src/modules/connectors/unanswered-call';
import { FakeTiktok } from '../fakes/platforms/tiktok-fake';
import { connectorConfig, failureOf, media, patternBytes, RunHarness } from './connector-harness';

const MIB = 1024 * 1024;

describe('TikTok connector against the Content Posting API', () => {
  let tiktok: FakeTiktok;
  let connector: TiktokConnector;

  beforeAll(async () => {
    tiktok = await new FakeTiktok().start();
    connector = new TiktokConnector(
      connectorConfig('tiktok', tiktok.url, { SOKU_TIKTOK_CHUNK_BYTES: String(5 * MIB) }),
    );
  });
  afterAll(() => tiktok.stop());
  beforeEach(() => {
    tiktok.received.length = 0;
    tiktok.processingPolls = 1;
    tiktok.statusFetches.clear();
    tiktok.audited = true;
  });

  it('queries creator_info, uploads a 12 MiB video in TikTok-sized chunks, then polls PROCESSING_UPLOAD → PUBLISH_COMPLETE', async () => {
    const video = patternBytes(12 * MIB);
    const run = new RunHarness(
      'tiktok',
      {
        text: 'New video is live!',
        options: {
          tiktok: { privacyLevel: 'PUBLIC_TO_EVERYONE', disableComment: true, disableDuet: false },
        },
      },
      [media(video, { durationSeconds: 30 })],
    );

    const first = await failureOf(connector.publish(run.request()));
    expect(first).toMatchObject({ kind: 'deferred', code: 'platform_processing' });
    // TikTok's status/fetch limit (30 a minute per token): never sooner than 5 s.
    expect(first.retryAfterMs).toBe(5_000);
    const result = await run.publishUntilSettled(connector);

    const [creator, init] = tiktok.received;
    expect(creator).toMatchObject({ method: 'POST', path: '/v2/post/publish/creator_info/query/' });
    expect(creator.headers.authorization).toBe('Bearer valid-token');
    expect(init.path).toBe('/v2/post/publish/video/init/');
    expect(init.json).toEqual({
      post_info: {
        title: 'New video is live!',
        privacy_level: 'PUBLIC_TO_EVERYONE',
        disable_comment: true,
        disable_duet: false,
        disable_stitch: true,
        brand_content_toggle: false,
        brand_organic_toggle: false,
        is_aigc: false,
      },
      source_info: {
        source: 'FILE_UPLOAD',
        video_size: 12 * MIB,
        chunk_size: 5 * MIB,
        total_chunk_count: 2,
      },
    });
    const puts = tiktok.calls('PUT', '/upload/');
    expect(puts.map((p) => p.headers['content-range'])).toEqual([
      `bytes 0-${5 * MIB - 1}/${12 * MIB}`,
      `bytes ${5 * MIB}-${12 * MIB - 1}/${12 * MIB}`,
    ]);
    expect(puts.every((p) => p.headers['content-type'] === 'video/mp4')).toBe(true);
    const publishId = run.state.publishId as string;
    expect(tiktok.video(publishId).equals(video)).toBe(true);
    expect(tiktok.calls('POST', '/v2/post/publish/status/fetch/').map((c) => c.json)).toEqual([
      { publish_id: publishId },
      { publish_id: publishId },
    ]);
    // Exactly one init, whatever the number of polls.
    expect(tiktok.calls('POST', '/v2/post/publish/video/init/')).toHaveLength(1);
    const postId = tiktok.publishes.get(publishId)!.postId;
    expect(result).toEqual({
      platformPostId: postId,
      url: `https://www.tiktok.com/@ttcreator/video/${postId}`,
    });
  });

  it('resumes a cut upload from the uploaded_bytes TikTok reports, never initialising twice', async () => {
    const video = patternBytes(11 * MIB);
    const run = new RunHarness(
      'tiktok',
      { text: 'cut', options: { tiktok: { privacyLevel: 'PUBLIC_TO_EVERYONE' } } },
      [media(video)],
    );
    tiktok.interrupt(
      (req) => req.headers['content-range']?.startsWith(`bytes ${5 * MIB}-`) ?? false,
      MIB,
    );

    await expect(connector.publish(run.request())).rejects.not.toBeInstanceOf(PublishError);
    expect(run.state).toMatchObject({ uploaded: false });
    // The Publisher asks first: nothing is published yet, so it tries again.
    expect(await connector.findPublished(run.request())).toBeNull();
    const result = await run.publishUntilSettled(connector);

    expect(tiktok.calls('POST', '/v2/post/publish/video/init/')).toHaveLength(1);
    const ranges = tiktok.calls('PUT', '/upload/').map((p) => p.headers['content-range']);
    expect(ranges).toEqual([
      `bytes 0-${5 * MIB - 1}/${11 * MIB}`,
      `bytes ${5 * MIB}-${11 * MIB - 1}/${11 * MIB}`,
    ]);
    expect(tiktok.video(run.state.publishId as string).equals(video)).toBe(true);
    expect(result.platformPostId).toMatch(/^7301/);
  });

  it('sends a small video in one chunk and honours the privacy level the post chose', async () => {
    const run = new RunHarness(
      'tiktok',
      { text: 'private', options: { tiktok: { privacyLevel: 'SELF_ONLY' } } },
      [media(patternBytes(300_000))],
    );
    const result = await run.publishUntilSettled(connector);
    const init = tiktok.calls('POST', '/v2/post/publish/video/init/')[0];
    expect(init.json?.source_info).toEqual({
      source: 'FILE_UPLOAD',
      video_size: 300_000,
      chunk_size: 300_000,
      total_chunk_count: 1,
    });
    expect((init.json?.post_info as Record<string, unknown>).privacy_level).toBe('SELF_ONLY');
    // Private posts get no public id: the publish_id stands for it.
    expect(result).toEqual({ platformPostId: run.state.publishId, url: null });
  });

  it('refuses a privacy level the creator does not offer, before any init', async () => {
    const run = new RunHarness(
      'tiktok',
      { text: 'x', options: { tiktok: { privacyLevel: 'FOLLOWER_OF_CREATOR' } } },
      [media(patternBytes(1000))],
    );
    const error = await failureOf(connector.publish(run.request()));
    expect(error).toMatchObject({ kind: 'permanent', code: 'privacy_level_option_mismatch' });
    expect(tiktok.calls('POST', '/v2/post/publish/video/init/')).toHaveLength(0);
  });

  it("refuses a video longer than the creator's max_video_post_duration_sec", async () => {
    const run = new RunHarness('tiktok', { text: 'long' }, [
      media(patternBytes(1000), { durationSeconds: 601 }),
    ]);
    const error = await failureOf(connector.publish(run.request()));
    expect(error).toMatchObject({ kind: 'permanent', code: 'duration_check_failed' });
  });

  it('posts photos by URL through content/init', async () => {
    const urls = ['http://127.0.0.1:9/a.jpg', 'http://127.0.0.1:9/b.jpg'];
    const run = new RunHarness(
      'tiktok',
      {
        text: 'Two photos',
        options: {
          tiktok: {
            photoTitle: 'Album',
            privacyLevel: 'PUBLIC_TO_EVERYONE',
            disableComment: false,
          },
        },
      },
      urls.map((url, i) => media(Buffer.from('jpg'), { id: `m${i}`, mimeType: 'image/jpeg', url })),
    );
    const result = await run.publishUntilSettled(connector);
    const init = tiktok.calls('POST', '/v2/post/publish/content/init/')[0];
    expect(init.json).toEqual({
      media_type: 'PHOTO',
      post_mode: 'DIRECT_POST',
      post_info: {
        title: 'Album',
        description: 'Two photos',
        privacy_level: 'PUBLIC_TO_EVERYONE',
        disable_comment: false,
        brand_content_toggle: false,
        brand_organic_toggle: false,
        auto_add_music: false,
      },
      source_info: { source: 'PULL_FROM_URL', photo_images: urls, photo_cover_index: 0 },
    });
    expect(result.url).toBe(`https://www.tiktok.com/@ttcreator/photo/${result.platformPostId}`);
  });

  it('maps access_token_invalid to an auth failure', async () => {
    const expired = new RunHarness('tiktok', { text: 'x' }, [media(Buffer.from('v'))], 'expired');
    expect(await failureOf(connector.publish(expired.request()))).toMatchObject({
      kind: 'auth',
      code: 'access_token_invalid',
    });
  });

  describe('an init that publishes by itself is never sent twice', () => {
    const internalError = {
      status: 500,
      json: { error: { code: 'internal_error', message: 'Something went wrong', log_id: 'l' } },
    };
    const photos = (text: string) =>
      new RunHarness('tiktok', { text, options: { tiktok: { privacyLevel: 'SELF_ONLY' } } }, [
        media(Buffer.from('jpg'), { mimeType: 'image/jpeg', url: 'http://127.0.0.1:9/p.jpg' }),
      ]);

    it('a photo init answered 5xx is unanswered: nothing to look up, outcome unknown, no second init', async () => {
      const run = photos('Lost photo answer');
      tiktok.loseNextInitAnswer = internalError;
      await expect(connector.publish(run.request())).rejects.toBeInstanceOf(UnansweredCallError);
      expect(run.state.initSentAt).toEqual(expect.any(String));
      expect(await connector.findPublished(run.request())).toBeUndefined();
      expect(await failureOf(connector.publish(run.request()))).toMatchObject({
        kind: 'permanent',
        code: 'outcome_unknown',
      });
      expect(tiktok.calls('POST', '/v2/post/publish/content/init/')).toHaveLength(1);
      expect(tiktok.duplicates).toEqual([]);
    });

    it('a PULL_FROM_URL video init whose connection drops is unanswered too', async () => {
      const pull = new TiktokConnector(
        connectorConfig('tiktok', tiktok.url, { SOKU_TIKTOK_VIDEO_SOURCE: 'PULL_FROM_URL' }),
      );
      const run = new RunHarness('tiktok', { text: 'Pulled' }, [media(patternBytes(1000))]);
      tiktok.interrupt((req) => req.url?.startsWith('/v2/post/publish/video/init/') ?? false, 0);
      await expect(pull.publish(run.request())).rejects.toBeInstanceOf(UnansweredCallError);
      expect(await pull.findPublished(run.request())).toBeUndefined();
      expect(tiktok.duplicates).toEqual([]);
    });

    it('an init TikTok refused (4xx) made no post: the next attempt sends it', async () => {
      const run = photos('Refused once');
      tiktok.refuseNextInit = {
        status: 429,
        json: { error: { code: 'rate_limit_exceeded', message: 'Too many', log_id: 'l' } },
      };
      expect(await failureOf(connector.publish(run.request()))).toMatchObject({
        kind: 'retryable',
        code: 'rate_limit_exceeded',
      });
      expect(run.state.initSentAt).toBeUndefined();
      const result = await run.publishUntilSettled(connector);
      expect(result.platformPostId).toMatch(/^p_pub_url/);
    });
  });

  describe('privacy, interactions and limits as TikTok requires them', () => {
    const video = (options: Record<string, unknown> = {}) =>
      new RunHarness('tiktok', { text: 'v', options: { tiktok: options } }, [
        media(patternBytes(1000)),
      ]);
    const postInfo = () =>
      tiktok.calls('POST', '/v2/post/publish/video/init/').at(-1)!.json?.post_info;

    it('without a chosen privacy level posts SELF_ONLY, with comments, duets and stitches off', async () => {
      await video().publishUntilSettled(connector);
      expect(postInfo()).toMatchObject({
        privacy_level: 'SELF_ONLY',
        disable_comment: true,
        disable_duet: true,
        disable_stitch: true,
      });
    });

    it('asks for a choice when the creator does not offer SELF_ONLY', async () => {
      const offered = tiktok.creatorInfo.privacy_level_options;
      tiktok.creatorInfo.privacy_level_options = ['PUBLIC_TO_EVERYONE', 'MUTUAL_FOLLOW_FRIENDS'];
      try {
        expect(await failureOf(connector.publish(video().request()))).toMatchObject({
          kind: 'permanent',
          code: 'privacy_level_required',
          message:
            "TikTok: choose options.tiktok.privacyLevel among this creator's options: PUBLIC_TO_EVERYONE, MUTUAL_FOLLOW_FRIENDS",
        });
      } finally {
        tiktok.creatorInfo.privacy_level_options = offered;
      }
    });

    it('an unaudited app (SOKU_TIKTOK_APP_AUDITED=false) refuses a public post before any init', async () => {
      const unaudited = new TiktokConnector(
        connectorConfig('tiktok', tiktok.url, { SOKU_TIKTOK_APP_AUDITED: 'false' }),
      );
      const error = await failureOf(
        unaudited.publish(video({ privacyLevel: 'PUBLIC_TO_EVERYONE' }).request()),
      );
      expect(error).toMatchObject({ kind: 'permanent', code: 'unaudited_app_private_only' });
      expect(error.message).toContain('SOKU_TIKTOK_APP_AUDITED');
      expect(tiktok.calls('POST', '/v2/post/publish/video/init/')).toHaveLength(0);
    });

    it("TikTok's own unaudited refusal and a posting ban are final, not retried", async () => {
      tiktok.audited = false;
      expect(
        await failureOf(connector.publish(video({ privacyLevel: 'PUBLIC_TO_EVERYONE' }).request())),
      ).toMatchObject({
        kind: 'permanent',
        code: 'unaudited_client_can_only_post_to_private_accounts',
      });
      tiktok.refuseNextInit = {
        status: 403,
        json: {
          error: {
            code: 'spam_risk_user_banned_from_posting',
            message: 'The user is banned from making new posts.',
            log_id: 'l',
          },
        },
      };
      expect(await failureOf(connector.publish(video().request()))).toMatchObject({
        kind: 'permanent',
        code: 'spam_risk_user_banned_from_posting',
      });
    });

    it('polls status/fetch at 5 s growing 1.5x, and waits out the 30-a-minute limit', async () => {
      tiktok.processingPolls = 3;
      const run = video();
      const pauses: (number | undefined)[] = [];
      for (let i = 0; i < 3; i++) {
        pauses.push((await failureOf(connector.publish(run.request()))).retryAfterMs);
      }
      expect(pauses).toEqual([5_000, 7_500, 10_000]);

      for (let i = tiktok.statusFetches.get('valid-token')!.length; i < 30; i++) {
        await connector.findPublished(run.request());
      }
      expect(await failureOf(connector.publish(run.request()))).toMatchObject({
        kind: 'deferred',
        code: 'rate_limit_exceeded',
        retryAfterMs: 60_000,
      });
    });
  });
});
