import { randomUUID } from 'node:crypto';
import Redis from 'ioredis';
import { PostsService } from '../../src/modules/posts/posts.service';
import { addAccount } from '../utils/accounts';
import { createUser } from '../utils/identity';
import {
  killStray,
  spawnSoku,
  type SokuProcess,
  waitHealthy,
  sharingTestDatabase,
  queueAdapters,
} from '../utils/soku-process';
import { createTestApp, type TestApp } from '../utils/test-app';
import {
  expectEveryRunPublishedOnce as everyRunPublishedOnce,
  runCounts,
  waitUntil,
} from './support';
import { defaultScope } from '../../src/common/auth/route-auth';

const POSTS = 100;

/** Redis database 15 with its own prefix: this suite flushes it, and nothing else lives there. */
const adapters = queueAdapters(15);

describe.each(adapters)('a worker killed mid-publish, with %s', (_name, adapterEnv) => {
  const run = adapterEnv ? describe : describe.skip;
  run('', () => {
    let t: TestApp;
    let env: Record<string, string>;

    beforeAll(async () => {
      // This app only writes posts (role api): the spawned worker process publishes them.
      t = await createTestApp({ env: { SOKU_ROLE: 'api' } });
      env = {
        ...adapterEnv,
        ...sharingTestDatabase(t.config.app.dataDir),
        SOKU_QUEUE_PREFIX: `crash${randomUUID().slice(0, 8)}`,
        SOKU_ROLE: 'all',
        SOKU_RUN_LEASE_MS: '1500',
        SOKU_RECONCILE_INTERVAL_MS: '300',
        SOKU_RETRY_BASE_MS: '20',
        // Few runs in flight, so the SIGKILL lands while most are still to publish: with the
        // default hundreds, the sandbox finishes all 200 before the kill.
        SOKU_PUBLISH_CONCURRENCY: '10',
        LOG_LEVEL: 'warn',
      };
    });
    beforeEach(() => t.reset());
    afterEach(() => killStray());
    afterAll(() => t.close());

    async function createPosts(scheduledTime?: string): Promise<string> {
      const user = await createUser(t);
      await addAccount(t, user.userId, 'x', 'x_main');
      await addAccount(t, user.userId, 'threads', 'threads_main');
      const posts = t.app.get(PostsService);
      for (let i = 0; i < POSTS; i++) {
        await posts.create(defaultScope(user.userId), {
          post: { content: { text: `post ${i}`, platform: ['x', 'threads'] } },
          scheduledTime,
        });
      }
      return user.userId;
    }

    const counts = () => runCounts(t.dataSource);
    const waitFor = (check: () => Promise<boolean>, what: string, proc?: SokuProcess) =>
      waitUntil(
        check,
        what,
        async () => `${JSON.stringify(await counts())}\n${proc?.output() ?? ''}`,
      );
    const expectEveryRunPublishedOnce = () => everyRunPublishedOnce(t.dataSource, POSTS * 2);

    it('should finish every run after a SIGKILL and a restart, publishing none twice', async () => {
      await createPosts();
      const first = await spawnSoku(env);
      await waitFor(
        async () => ((await counts()).succeeded ?? 0) >= 20,
        'some runs to succeed',
        first,
      );
      first.child.kill('SIGKILL');
      await first.exited;
      const atKill = await counts();
      expect(atKill.succeeded).toBeLessThan(POSTS * 2);

      const second = await spawnSoku(env);
      await waitHealthy(second);
      await waitFor(
        async () => (await counts()).succeeded === POSTS * 2,
        'every run to succeed',
        second,
      );
      await expectEveryRunPublishedOnce();
      second.child.kill('SIGTERM');
      expect(await second.exited).toBe(0);
    }, 180_000);

    (adapterEnv?.REDIS_URL ? it : it.skip)(
      'should publish scheduled posts whose timers were flushed from Redis',
      async () => {
        const worker = await spawnSoku(env);
        await waitHealthy(worker);
        await createPosts(new Date(Date.now() + 120_000).toISOString());
        const redis = new Redis(adapterEnv!.REDIS_URL);
        await redis.flushdb();
        redis.disconnect();
        // Time passes: the posts fall due with no timer left in Redis.
        await t.dataSource.query(`UPDATE post_submissions SET scheduled_time = now()`);
        await waitFor(
          async () => (await counts()).succeeded === POSTS * 2,
          'every scheduled run to succeed',
          worker,
        );
        await expectEveryRunPublishedOnce();
      },
      180_000,
    );
  });
});
