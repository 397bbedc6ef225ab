import { randomUUID } from 'node:crypto';
import request from 'supertest';
import type { Env } from '../../../src/config/env-slice';
import { startMediaOrigin, type MediaOrigin } from '../../fakes/media-origin';
import { jpeg, mp4, png } from '../../fakes/media-samples';
import { FakeOAuthPlatform } from '../../fakes/oauth-platform';
import { FakeMetaGraph } from '../../fakes/platforms/fake-meta-graph';
import { FakeX } from '../../fakes/platforms/fake-x';
import { type AddAccountOptions, addAccount } from '../../utils/accounts';
import { createUser, type TestUser } from '../../utils/identity';
import { type PostView, waitForPost } from '../../utils/posts';
import { freePort } from '../../utils/soku-process';
import { createTestApp, type TestApp } from '../../utils/test-app';

/** Tokens the fakes accept without an OAuth flow (expired ones are anything else). */
export const LIVE = (name: string) => `live_${name}`;

export const IG_USER = '17841000000000001';
export const PAGE_ID = '1001';
export const THREADS_USER = 'threads-user-1';

/** Retries, polls and chunks small, so every path runs in well under a second. */
export const FAST_PLATFORMS: Env = {
  SOKU_RETRY_BASE_MS: '20',
  SOKU_PUBLISH_MAX_ATTEMPTS: '3',
  SOKU_RECONCILE_INTERVAL_MS: '200',
  SOKU_PLATFORM_POLL_INTERVAL_MS: '5',
  SOKU_PLATFORM_POLL_MAX_INTERVAL_MS: '20',
  SOKU_PLATFORM_POLL_MAX_ATTEMPTS: '6',
  SOKU_MEDIA_PROCESSING_RECHECK_MS: '20',
  SOKU_MEDIA_PROCESSING_MAX_WAIT_MS: '3000',
  SOKU_X_UPLOAD_CHUNK_BYTES: '1024',
  SOKU_RATE_LIMIT_ENABLED: 'false',
  SOKU_MEDIA_ALLOWED_HOSTS: '127.0.0.1',
};

export interface PlatformHarness {
  t: TestApp;
  oauth: FakeOAuthPlatform;
  x: FakeX;
  meta: FakeMetaGraph;
  origin: MediaOrigin;
  /** Env pointing every connector (and its OAuth) at the fakes: for spawned processes too. */
  env: Env;
  close(): Promise<void>;
}

/**
 * The real app, listening on loopback (Meta's fakes fetch media from its public URL), with X,
 * Instagram, Facebook and Threads pointed at local fakes and sample media on an origin.
 */
export async function startPlatformHarness(extraEnv: Env = {}): Promise<PlatformHarness> {
  const oauth = await new FakeOAuthPlatform().start();
  const isLive = (token: string) => token.startsWith('live_') || oauth.isLiveAccessToken(token);
  const x = await new FakeX(isLive).start();
  const meta = await new FakeMetaGraph(isLive).start();
  const origin = await startMediaOrigin();
  origin.serve('/photo.jpg', jpeg(1080, 1080), { type: 'image/jpeg' });
  origin.serve('/image.jpg', jpeg(1200, 630), { type: 'image/jpeg' });
  origin.serve('/second.jpg', jpeg(1080, 1350), { type: 'image/jpeg' });
  origin.serve('/graphic.png', png(800, 800), { type: 'image/png' });
  origin.serve('/video.mp4', mp4(12, 5000), { type: 'video/mp4' });
  const port = await freePort();
  const env: Env = {
    ...oauth.env('x'),
    ...oauth.env('instagram'),
    ...oauth.env('facebook'),
    ...oauth.env('threads'),
    SOKU_X_API_BASE: x.url,
    SOKU_INSTAGRAM_API_BASE: meta.url,
    SOKU_FACEBOOK_API_BASE: meta.url,
    SOKU_THREADS_API_BASE: meta.url,
    ...FAST_PLATFORMS,
    SOKU_QUEUE_PREFIX: `p${randomUUID().slice(0, 8)}`,
    ...extraEnv,
  };
  const t = await createTestApp({
    env: { ...env, PORT: String(port), SOKU_PUBLIC_URL: `http://127.0.0.1:${port}` },
  });
  await t.app.listen(port, '127.0.0.1');
  return {
    t,
    oauth,
    x,
    meta,
    origin,
    env,
    close: async () => {
      await t.close();
      await Promise.all([oauth.stop(), x.stop(), meta.stop(), origin.close()]);
    },
  };
}

/** The platform ids each connector publishes with, as the OAuth connect stores them. */
export const METADATA = {
  x: { userId: '2244994945', username: 'sokudev' },
  instagram: (igUserId = IG_USER) => ({ igUserId, pageId: PAGE_ID }),
  facebook: (pageId = PAGE_ID) => ({ pageId }),
  threads: { threadsUserId: THREADS_USER },
};

export function realAccount(
  h: PlatformHarness,
  user: TestUser,
  platform: 'x' | 'instagram' | 'facebook' | 'threads',
  accountId: string,
  opts: AddAccountOptions,
) {
  return addAccount(h.t, user.userId, platform, accountId, { sandbox: false, ...opts });
}

export async function publish(
  h: PlatformHarness,
  user: TestUser,
  content: Record<string, unknown>,
  done?: (post: PostView) => boolean,
): Promise<PostView> {
  const res = await request(h.t.http)
    .post('/v1/posts')
    .set('soku-api-key', user.apiKey)
    .send({ post: { content } });
  if (res.status !== 201) {
    throw new Error(`POST /v1/posts answered ${res.status}: ${JSON.stringify(res.body)}`);
  }
  return waitForPost(h.t, user.apiKey, res.body.postSubmissionId as string, done);
}

export interface PlatformSuite {
  h: PlatformHarness;
  user: TestUser;
}

/**
 * Registers a platform suite's hooks: one harness for the file; before each test the database
 * and the fakes are emptied and a new user is made.
 */
export function platformSuite(extraEnv: Env = {}): PlatformSuite {
  const suite = {} as PlatformSuite;
  beforeAll(async () => {
    suite.h = await startPlatformHarness(extraEnv);
  });
  beforeEach(async () => {
    await suite.h.t.reset();
    suite.h.x.reset();
    suite.h.meta.reset();
    suite.h.oauth.tokenCalls = [];
    suite.user = await createUser(suite.h.t);
  });
  afterAll(() => suite.h.close());
  return suite;
}
