import { randomUUID } from 'node:crypto';
import Redis from 'ioredis';
import request from 'supertest';
import { generateApiKey } from '../../src/modules/api-keys/api-key-format';
import { addAccount } from '../utils/accounts';
import { createUser, type TestUser } from '../utils/identity';
import { hasRedisServerBinary, type RedisServer, startRedisServer } from '../utils/redis-server';
import { createTestApp, type TestApp } from '../utils/test-app';
import { waitUntil } from './support';

/** How long CLIENT PAUSE stalls Redis: far longer than the requests take without it. */
const STALL_MS = 15_000;

/**
 * Redis connected but not answering: paused with CLIENT PAUSE, and its process frozen with
 * SIGSTOP. Neither closes the connection, so only command timeouts keep requests moving: every
 * API-key request is answered from PostgreSQL (auth), memory (limits) and the reconciler (queue).
 */
(hasRedisServerBinary() ? describe : describe.skip)('Redis stalled while API keys are used', () => {
  let redis: RedisServer;
  let admin: Redis;
  let t: TestApp;
  let user: TestUser;

  beforeAll(async () => {
    redis = await startRedisServer();
    admin = new Redis(redis.url, { enableOfflineQueue: false });
    t = await createTestApp({
      env: {
        REDIS_URL: redis.url,
        SOKU_ROLE: 'api',
        SOKU_QUEUE_PREFIX: `stall${randomUUID().slice(0, 8)}`,
        SOKU_REDIS_COMMAND_TIMEOUT_MS: '300',
      },
    });
    await t.reset();
    user = await createUser(t);
    await addAccount(t, user.userId, 'x', 'x_main');
  });

  afterAll(async () => {
    redis?.thaw();
    await t?.close();
    admin?.disconnect();
    await redis?.kill();
  }, 60_000);

  afterEach(async () => {
    redis.thaw();
    await waitUntil(async () => (await admin.ping()) === 'PONG', 'Redis to answer again');
  }, 30_000);

  /**
   * The requests were answered while Redis was still stalled: a PING sent before them has not
   * been answered yet. Had a request waited for Redis, the earlier PING would have come back
   * first, so no clock is needed to tell the two apart.
   */
  async function expectServedWithoutRedis(): Promise<void> {
    let redisAnswered = false;
    void admin.ping().then(() => {
      redisAnswered = true;
    });
    await servedRequests();
    expect(redisAnswered).toBe(false);
  }

  async function servedRequests(): Promise<void> {
    const credits = await request(t.http).get('/v1/credits').set('soku-api-key', user.apiKey);
    expect(credits.status).toBe(200);

    const post = await request(t.http)
      .post('/v1/posts')
      .set('soku-api-key', user.apiKey)
      .send({ post: { content: { text: 'while Redis stalls', platform: ['x'] } } });
    expect(post.status).toBe(201);
    const [row] = await t.dataSource.query('SELECT status FROM post_submissions WHERE id = $1', [
      post.body.postSubmissionId,
    ]);
    // Committed dispatched (due now, nothing to import) and its runs left for the reconciler,
    // which enqueues them once Redis answers.
    expect(row.status).toBe('dispatched');

    const unknownKey = await request(t.http)
      .get('/v1/credits')
      .set('soku-api-key', generateApiKey());
    expect(unknownKey.status).toBe(401);

    const ready = await request(t.http).get('/health/ready');
    expect(ready.status).toBe(200);
    expect(ready.body.checks).toMatchObject({ database: 'up', redis: 'degraded' });
  }

  it('should answer every API-key request while Redis is paused with CLIENT PAUSE', async () => {
    await admin.call('CLIENT', 'PAUSE', String(STALL_MS), 'ALL');
    await expectServedWithoutRedis();
  }, 60_000);

  it('should answer every API-key request while the Redis process is frozen (SIGSTOP)', async () => {
    redis.freeze();
    await expectServedWithoutRedis();
  }, 60_000);

  it('should report Redis up again once it answers', async () => {
    const ready = await request(t.http).get('/health/ready');
    expect(ready.status).toBe(200);
    expect(ready.body.checks.redis).toBe('up');
  });
});
