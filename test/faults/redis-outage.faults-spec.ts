import { randomUUID } from 'node:crypto';
import request from 'supertest';
import { addAccount } from '../utils/accounts';
import { createUser, type TestUser } from '../utils/identity';
import { hasRedisServerBinary, type RedisServer, startRedisServer } from '../utils/redis-server';
import { createTestApp, FAIL_FAST_REDIS, type TestApp } from '../utils/test-app';
import { expectAcceptedPublishedOnce } from './support';

/** A request that takes longer than this while Redis is down counts as hanging. */
const ANSWER_WITHIN_MS = 5_000;
const BURST = 8;

/**
 * Redis (the Bull queue, the limiter's store, the auth cache) killed in the middle of a burst of
 * posts and started again empty, on a redis-server of this suite's own. PostgreSQL is the source of
 * truth: posts accepted while Redis is down are published once it is back, by the reconciler.
 */
(hasRedisServerBinary() ? describe : describe.skip)(
  'Redis stopped and restarted during a burst of posts',
  () => {
    let redis: RedisServer;
    let t: TestApp;
    let user: TestUser;

    beforeAll(async () => {
      redis = await startRedisServer();
      t = await createTestApp({
        env: {
          REDIS_URL: redis.url,
          ...FAIL_FAST_REDIS,
          SOKU_QUEUE_PREFIX: `faults${randomUUID().slice(0, 8)}`,
          SOKU_RECONCILE_INTERVAL_MS: '300',
          SOKU_RUN_LEASE_MS: '1500',
          SOKU_RETRY_BASE_MS: '20',
        },
      });
      // The jest worker's database may hold another suite's posts: this one counts every run.
      await t.reset();
      user = await createUser(t, { admin: true });
      await addAccount(t, user.userId, 'x', 'x_main');
      await addAccount(t, user.userId, 'threads', 'threads_main');
    });

    // Closing waits for Bull's connections, which may still be re-establishing after the restart.
    afterAll(async () => {
      await t?.close();
      await redis?.kill();
    }, 120_000);

    async function burst(label: string): Promise<string[]> {
      const answers = await Promise.all(
        Array.from({ length: BURST }, (_, i) =>
          request(t.http)
            .post('/v1/posts')
            .set('soku-api-key', user.apiKey)
            .timeout(ANSWER_WITHIN_MS)
            .send({ post: { content: { text: `${label} ${i}`, platform: ['x', 'threads'] } } }),
        ),
      );
      for (const res of answers) {
        // Accepted: the submission is committed; the queue is only its timer.
        expect(res.status).toBe(201);
      }
      return answers.map((res) => res.body.postSubmissionId as string);
    }

    it('should accept every post, keep reads working, and publish each once after Redis is back', async () => {
      const accepted = await burst('before');
      await redis.kill();
      accepted.push(...(await burst('while Redis is down')));
      const list = await request(t.http)
        .get('/v1/posts')
        .set('soku-api-key', user.apiKey)
        .timeout(ANSWER_WITHIN_MS);
      expect(list.status).toBe(200);

      redis = await startRedisServer(redis.port);
      accepted.push(...(await burst('after')));

      await expectAcceptedPublishedOnce(t.dataSource, accepted, 2);
    }, 120_000);
  },
);
