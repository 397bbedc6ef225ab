import { randomUUID } from 'node:crypto';
import request from 'supertest';
import { FakeOAuthPlatform } from '../../fakes/oauth-platform';
import { startMediaOrigin, type MediaOrigin } from '../../fakes/media-origin';
import { jpeg, mp4 } from '../../fakes/media-samples';
import { FakeLinkedin } from '../../fakes/platforms/linkedin-fake';
import { FakeSnapchat } from '../../fakes/platforms/snapchat-fake';
import { FakeTiktok } from '../../fakes/platforms/tiktok-fake';
import { FakeYoutube } from '../../fakes/platforms/youtube-fake';
import { addAccount } from '../../utils/accounts';
import { expectEnvelope } from '../../utils/assertions';
import { createUser, type TestUser } from '../../utils/identity';
import { waitForPost } from '../../utils/posts';
import { createTestApp, type TestApp } from '../../utils/test-app';
import {
  authorizeAtPlatform,
  connect,
  INTEGRATIONS_TEST_ENV,
} from '../integrations/integrations-support';

const video = mp4(12, 300_000);
const LINKEDIN_PAGE_SCOPES =
  'openid profile w_member_social w_organization_social r_organization_admin';

interface Stack {
  t: TestApp;
  oauth: FakeOAuthPlatform;
  tiktok: FakeTiktok;
  youtube: FakeYoutube;
  origin: MediaOrigin;
  close(): Promise<void>;
}

/** The app with TikTok and YouTube pointed at their fakes, OAuth at the OAuth fake. */
async function startStack(queueEnv: Record<string, string>): Promise<Stack> {
  const oauth = await new FakeOAuthPlatform().start();
  const live = (token: string) => token.startsWith('valid-') || oauth.isLiveAccessToken(token);
  const tiktok = await new FakeTiktok(live).start();
  const youtube = await new FakeYoutube(live).start();
  const origin = await startMediaOrigin();
  origin.serve('/video.mp4', video, { type: 'video/mp4' });
  const t = await createTestApp({
    env: {
      ...INTEGRATIONS_TEST_ENV,
      ...oauth.env('tiktok'),
      ...oauth.env('youtube'),
      ...oauth.env('linkedin'),
      ...oauth.env('snapchat'),
      ...queueEnv,
      SOKU_LINKEDIN_SCOPES: LINKEDIN_PAGE_SCOPES,
      SOKU_TIKTOK_API_BASE: tiktok.url,
      SOKU_YOUTUBE_API_BASE: youtube.url,
      SOKU_YOUTUBE_CHUNK_BYTES: String(256 * 1024),
      SOKU_PLATFORM_POLL_INTERVAL_MS: '20',
      SOKU_TIKTOK_STATUS_POLL_MS: '100',
      SOKU_RECONCILE_INTERVAL_MS: '200',
      SOKU_RETRY_BASE_MS: '20',
      SOKU_MEDIA_ALLOWED_HOSTS: '127.0.0.1',
      SOKU_RATE_LIMIT_ENABLED: 'false',
    },
  });
  return {
    t,
    oauth,
    tiktok,
    youtube,
    origin,
    close: async () => {
      await t.close();
      await Promise.all([oauth.stop(), tiktok.stop(), youtube.stop(), origin.close()]);
    },
  };
}

/**
 * The reference's "Video post to TikTok and YouTube" with real (non-sandbox) accounts: API →
 * queue → connectors → fakes → both runs succeeded with the platforms' ids and URLs.
 */
async function referenceExample({ t, tiktok, youtube, origin }: Stack, user: TestUser) {
  await addAccount(t, user.userId, 'tiktok', 'tt_creator', {
    sandbox: false,
    accessToken: 'valid-tt',
  });
  await addAccount(t, user.userId, 'youtube', 'yt_channel', {
    sandbox: false,
    accessToken: 'valid-yt',
  });
  const res = await request(t.http)
    .post('/v1/posts')
    .set('soku-api-key', user.apiKey)
    .send({
      post: {
        content: {
          text: 'New video is live!',
          videoUrl: origin.url('/video.mp4'),
          platform: [
            { platform: 'tiktok', accountId: 'tt_creator' },
            { platform: 'youtube', accountId: 'yt_channel' },
          ],
        },
      },
    })
    .expect(201);

  const done = await waitForPost(t, user.apiKey, res.body.postSubmissionId);
  expect(done.outcome).toBe('succeeded');
  const [tt, yt] = [...done.runs].sort((a, b) => a.platform.localeCompare(b.platform));
  const publish = [...tiktok.publishes.values()].at(-1)!;
  // No privacy level chosen: TikTok requires an explicit choice for anything but a private post.
  expect(tt).toMatchObject({
    platform: 'tiktok',
    status: 'succeeded',
    attempts: 1,
    platformPostId: publish.id,
    url: null,
  });
  expect(tiktok.video(publish.id).equals(video)).toBe(true);
  expect(publish.postInfo).toMatchObject({
    title: 'New video is live!',
    privacy_level: 'SELF_ONLY',
    disable_comment: true,
  });
  const session = [...youtube.sessions.values()].at(-1)!;
  expect(yt).toMatchObject({
    platform: 'youtube',
    status: 'succeeded',
    attempts: 1,
    platformPostId: session.videoId,
    url: `https://www.youtube.com/watch?v=${session.videoId}`,
  });
  expect(youtube.video(session.id).equals(video)).toBe(true);
  expect(session.metadata).toEqual({
    snippet: { title: 'New video is live!', description: 'New video is live!' },
    status: { privacyStatus: 'public', selfDeclaredMadeForKids: false },
  });
}

const redisRun = process.env.REDIS_URL ? describe : describe.skip;

redisRun('publishing through the TikTok and YouTube connectors on Bull (Redis)', () => {
  let stack: Stack;

  beforeAll(async () => {
    stack = await startStack({
      REDIS_URL: process.env.REDIS_URL!,
      SOKU_QUEUE_PREFIX: `t${randomUUID().slice(0, 8)}`,
    });
  });
  afterAll(() => stack.close());

  it('publishes the reference "video post to TikTok and YouTube" example', async () => {
    await referenceExample(stack, await createUser(stack.t));
  });
});

/** The same with the in-process queue, plus refresh, failures, validation and OAuth connects. */
describe('publishing through the TikTok and YouTube connectors', () => {
  let stack: Stack;
  let t: TestApp;
  let oauth: FakeOAuthPlatform;
  let youtube: FakeYoutube;
  let origin: MediaOrigin;
  let user: TestUser;

  beforeAll(async () => {
    stack = await startStack({});
    ({ t, oauth, youtube, origin } = stack);
  });
  beforeEach(async () => {
    await t.reset();
    user = await createUser(t);
  });
  afterAll(() => stack.close());

  const post = (body: object) =>
    request(t.http).post('/v1/posts').set('soku-api-key', user.apiKey).send(body);

  it('publishes the reference "video post to TikTok and YouTube" example to both platforms', async () => {
    await referenceExample(stack, user);
  });

  it('refreshes an expired YouTube token once and publishes with the new one', async () => {
    await addAccount(t, user.userId, 'youtube', 'yt_channel', {
      sandbox: false,
      accessToken: 'expired-yt',
      refreshToken: oauth.issueRefreshToken(),
    });
    oauth.tokenCalls = [];
    const before = youtube.sessions.size;
    const res = await post({
      post: {
        content: {
          text: 'After a refresh',
          videoUrl: origin.url('/video.mp4'),
          platform: 'youtube',
          options: { youtube: { title: 'Refreshed', privacy: 'unlisted', madeForKids: true } },
        },
      },
    }).expect(201);

    const done = await waitForPost(t, user.apiKey, res.body.postSubmissionId);
    expect(done.runs[0]).toMatchObject({ status: 'succeeded', attempts: 1 });
    expect(oauth.tokenCalls.map((c) => c.params.grant_type)).toEqual(['refresh_token']);
    const starts = youtube.calls('POST', '/upload/youtube/v3/videos').slice(-2);
    expect(starts.map((s) => s.headers.authorization?.startsWith('Bearer at_'))).toEqual([
      false,
      true,
    ]);
    expect(youtube.sessions.size).toBe(before + 1);
    const session = [...youtube.sessions.values()].at(-1)!;
    expect(session.metadata.status).toEqual({
      privacyStatus: 'unlisted',
      selfDeclaredMadeForKids: true,
    });
  });

  it('fails the TikTok run when the post asks for a privacy level the creator does not offer', async () => {
    await addAccount(t, user.userId, 'tiktok', 'tt_creator', {
      sandbox: false,
      accessToken: 'valid-tt',
    });
    const res = await post({
      post: {
        content: {
          videoUrl: origin.url('/video.mp4'),
          platform: 'tiktok',
          options: { tiktok: { privacyLevel: 'FOLLOWER_OF_CREATOR' } },
        },
      },
    }).expect(201);
    const done = await waitForPost(t, user.apiKey, res.body.postSubmissionId);
    expect(done.runs[0]).toMatchObject({
      status: 'failed',
      error: { code: 'privacy_level_option_mismatch' },
    });
  });

  it('answers 400 with field paths for bad options and with platform rules for bad combinations', async () => {
    await addAccount(t, user.userId, 'youtube', 'yt_channel');
    await addAccount(t, user.userId, 'tiktok', 'tt_creator');
    await addAccount(t, user.userId, 'snapchat', 'snap_main');
    const bad = await post({
      post: {
        content: {
          text: 'x',
          videoUrl: origin.url('/video.mp4'),
          platform: ['youtube', 'tiktok'],
          options: {
            youtube: { title: 'T'.repeat(101), privacy: 'secret', madeForKids: 'no' },
            tiktok: { privacyLevel: 'EVERYONE' },
            linkedin: { visibility: 'FRIENDS' },
            snapchat: { surface: 'wall' },
            x: {},
          },
        },
      },
    });
    expectEnvelope(bad, 400, 'validation_error');
    const fields = (bad.body.error.details as { field: string }[]).map((d) => d.field).sort();
    expect(fields).toEqual([
      'body.post.content.options.linkedin.visibility',
      'body.post.content.options.snapchat.surface',
      'body.post.content.options.tiktok.privacyLevel',
      'body.post.content.options.x',
      'body.post.content.options.youtube.madeForKids',
      'body.post.content.options.youtube.privacy',
      'body.post.content.options.youtube.title',
    ]);

    const rules = await post({
      post: {
        content: {
          imageUrls: [origin.url('/a.jpg')],
          platform: ['youtube', 'snapchat'],
          options: { snapchat: { surface: 'spotlight' } },
        },
      },
    });
    expectEnvelope(rules, 400, 'validation_error');
    expect(rules.body.error.details).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          field: 'body.post.content.platform[0]',
          code: 'platform_rule',
          message:
            'YouTube needs a title: give the post text or set post.content.options.youtube.title',
        }),
        expect.objectContaining({
          field: 'body.post.content.platform[1]',
          message: 'Snapchat Spotlight takes a video, not an image',
        }),
      ]),
    );

    const angled = await post({
      post: {
        content: {
          text: 'Launch -> today <3',
          videoUrl: origin.url('/video.mp4'),
          platform: ['youtube'],
        },
      },
    });
    expectEnvelope(angled, 400, 'validation_error');
    expect(angled.body.error.details).toEqual([
      expect.objectContaining({
        field: 'body.post.content.platform[0]',
        code: 'platform_rule',
        message:
          'YouTube does not allow < or > in a video description: remove them from post.content.text',
      }),
    ]);
  });

  it('connects Snapchat Public Profiles and LinkedIn organization pages through their OAuth', async () => {
    const snap = await connect(t, user.apiKey, 'snapchat');
    expect(snap.accounts.map((a) => a.accountId)).toEqual(['pp-1']);
    oauth.grantedScope = LINKEDIN_PAGE_SCOPES;
    const { authorizationUrl } = await authorizeAtPlatform(t, user.apiKey, 'linkedin');
    expect(authorizationUrl.searchParams.get('scope')).toBe(LINKEDIN_PAGE_SCOPES);
    const linkedin = await connect(t, user.apiKey, 'linkedin');
    oauth.grantedScope = 'scope.a scope.b';
    expect(linkedin.accounts.map((a) => a.accountId)).toEqual([
      'li-sub-1',
      'urn:li:organization:5515715',
    ]);
    const list = await request(t.http)
      .get('/v1/integrations')
      .set('soku-api-key', user.apiKey)
      .expect(200);
    const metadata = Object.fromEntries(
      (list.body.integrations as { accountId: string; metadata: unknown }[]).map((i) => [
        i.accountId,
        i.metadata,
      ]),
    );
    expect(metadata).toEqual({
      'pp-1': { profileId: 'pp-1', snapUserId: 'snap-1', organizationId: 'snap-org-1' },
      'li-sub-1': { personUrn: 'urn:li:person:li-sub-1' },
      'urn:li:organization:5515715': {
        personUrn: 'urn:li:person:li-sub-1',
        organizationUrn: 'urn:li:organization:5515715',
      },
    });
  });
});

describe('publishing through the LinkedIn and Snapchat connectors', () => {
  let t: TestApp;
  let linkedin: FakeLinkedin;
  let snap: FakeSnapchat;
  let origin: MediaOrigin;
  let user: TestUser;

  beforeAll(async () => {
    linkedin = await new FakeLinkedin().start();
    linkedin.partSize = 100 * 1024;
    snap = await new FakeSnapchat().start();
    origin = await startMediaOrigin();
    origin.serve('/video.mp4', video, { type: 'video/mp4' });
    origin.serve('/photo.jpg', jpeg(1080, 1350), { type: 'image/jpeg' });
    t = await createTestApp({
      env: {
        SOKU_LINKEDIN_API_BASE: linkedin.url,
        SOKU_SNAPCHAT_API_BASE: snap.url,
        SOKU_PLATFORM_POLL_INTERVAL_MS: '20',
        SOKU_RECONCILE_INTERVAL_MS: '200',
        SOKU_MEDIA_ALLOWED_HOSTS: '127.0.0.1',
      },
    });
    user = await createUser(t);
  });
  afterAll(async () => {
    await t.close();
    await Promise.all([linkedin.stop(), snap.stop(), origin.close()]);
  });

  it('posts a video to a LinkedIn organization page and a Spotlight to a Snapchat Public Profile', async () => {
    await addAccount(t, user.userId, 'linkedin', 'li_member', {
      sandbox: false,
      accessToken: 'valid-li',
      metadata: { personUrn: 'urn:li:person:li-sub-1' },
    });
    await addAccount(t, user.userId, 'snapchat', 'snap_profile', {
      sandbox: false,
      accessToken: 'valid-snap',
      metadata: { profileId: 'pp-1' },
    });
    const res = await request(t.http)
      .post('/v1/posts')
      .set('soku-api-key', user.apiKey)
      .send({
        post: {
          content: {
            text: 'Behind the scenes #launch',
            videoUrl: origin.url('/video.mp4'),
            platform: ['linkedin', 'snapchat'],
            options: {
              linkedin: { organizationId: '5515715', visibility: 'PUBLIC' },
              snapchat: { surface: 'spotlight' },
            },
          },
        },
      })
      .expect(201);

    const done = await waitForPost(t, user.apiKey, res.body.postSubmissionId);
    expect(done.outcome).toBe('succeeded');
    const li = done.runs.find((r) => r.platform === 'linkedin')!;
    const post = linkedin.posts.at(-1)!;
    expect(li).toMatchObject({
      status: 'succeeded',
      platformPostId: post.id,
      url: `https://www.linkedin.com/feed/update/${post.id}`,
    });
    expect(post).toMatchObject({
      author: 'urn:li:organization:5515715',
      commentary: 'Behind the scenes {hashtag|\\#|launch}',
    });
    const videoUrn = (post.body.content as { media: { id: string } }).media.id;
    expect(linkedin.video(videoUrn).equals(video)).toBe(true);
    const sc = done.runs.find((r) => r.platform === 'snapchat')!;
    const spotlight = snap.created.at(-1)!;
    expect(sc).toMatchObject({ status: 'succeeded', platformPostId: spotlight.id, url: null });
    expect(spotlight).toMatchObject({
      surface: 'spotlights',
      body: { description: 'Behind the scenes #launch', locale: 'en_US' },
    });
    expect(snap.media.get(String(spotlight.body.media_id))!.plain!.equals(video)).toBe(true);
  });

  it('posts two photos to LinkedIn as a multi-image post', async () => {
    const res = await request(t.http)
      .post('/v1/posts')
      .set('soku-api-key', user.apiKey)
      .send({
        post: {
          content: {
            text: 'Two photos',
            imageUrls: [origin.url('/photo.jpg'), origin.url('/photo.jpg?2')],
            platform: 'linkedin',
          },
        },
      })
      .expect(201);
    const done = await waitForPost(t, user.apiKey, res.body.postSubmissionId);
    expect(done.runs[0].status).toBe('succeeded');
    const images = (linkedin.posts.at(-1)!.body.content as { multiImage: { images: unknown[] } })
      .multiImage.images;
    expect(images).toHaveLength(2);
  });
});
