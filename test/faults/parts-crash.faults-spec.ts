import { randomUUID } from 'node:crypto';
import { PostsService } from '../../src/modules/posts/posts.service';
import { addAccount } from '../utils/accounts';
import { createUser } from '../utils/identity';
import {
  killStray,
  queueAdapters,
  sharingTestDatabase,
  spawnSoku,
  type SokuProcess,
  waitHealthy,
} from '../utils/soku-process';
import { createTestApp, type TestApp } from '../utils/test-app';
import { waitUntil } from './support';
import { defaultScope } from '../../src/common/auth/route-auth';

const POSTS = 40;
const PARTS = 4; // three thread parts and a first comment

/** Redis database 12 with its own prefix: nothing else lives there. */
const adapters = queueAdapters(12);

describe.each(adapters)('a worker killed between thread parts, with %s', (_name, adapterEnv) => {
  const run = adapterEnv ? describe : describe.skip;
  run('', () => {
    let t: TestApp;
    let env: Record<string, string>;

    beforeAll(async () => {
      // This app only writes posts (role api): the spawned worker processes publish them.
      t = await createTestApp({ env: { SOKU_ROLE: 'api' } });
      env = {
        ...adapterEnv,
        ...sharingTestDatabase(t.config.app.dataDir),
        SOKU_QUEUE_PREFIX: `parts${randomUUID().slice(0, 8)}`,
        SOKU_ROLE: 'all',
        SOKU_RUN_LEASE_MS: '1500',
        SOKU_RECONCILE_INTERVAL_MS: '300',
        SOKU_RETRY_BASE_MS: '20',
        LOG_LEVEL: 'warn',
      };
    });
    beforeEach(() => t.reset());
    afterEach(() => killStray());
    afterAll(() => t.close());

    const partCounts = async () =>
      (
        await t.dataSource.query(`
          SELECT (SELECT count(*)::int FROM sandbox_parts) AS recorded,
                 (SELECT coalesce(max(sends), 0)::int FROM sandbox_parts) AS "maxSends",
                 (SELECT count(*)::int FROM post_run_parts WHERE status = 'succeeded') AS succeeded,
                 (SELECT count(*)::int FROM post_runs WHERE parts_settled_at IS NOT NULL) AS settled`)
      )[0] as { recorded: number; maxSends: number; succeeded: number; settled: number };

    it('should resume at the next unpublished part after a SIGKILL, sending none twice', async () => {
      const user = await createUser(t);
      await addAccount(t, user.userId, 'x', 'x_main');
      const posts = t.app.get(PostsService);
      for (let i = 0; i < POSTS; i++) {
        await posts.create(defaultScope(user.userId), {
          post: {
            content: {
              text: `post ${i}`,
              platform: 'x',
              thread: [2, 3, 4].map((n) => ({ text: `${i}.${n} #sandbox-delay-150` })),
              firstComment: { text: `${i} comment` },
            },
          },
        });
      }
      const first: SokuProcess = await spawnSoku(env);
      await waitUntil(
        async () => (await partCounts()).recorded >= 20,
        'some parts to be published',
        async () => `${JSON.stringify(await partCounts())}\n${first.output()}`,
      );
      first.child.kill('SIGKILL');
      await first.exited;
      const atKill = await partCounts();
      expect(atKill.recorded).toBeLessThan(POSTS * PARTS);

      const second = await spawnSoku(env);
      await waitHealthy(second);
      await waitUntil(
        async () => (await partCounts()).settled === POSTS,
        'every run to settle its parts',
        async () => `${JSON.stringify(await partCounts())}\n${second.output()}`,
      );
      expect(await partCounts()).toEqual({
        recorded: POSTS * PARTS,
        maxSends: 1,
        succeeded: POSTS * PARTS,
        settled: POSTS,
      });
      // Every thread part answers the part before it: resuming kept the chain.
      const [{ broken }] = await t.dataSource.query(`
        SELECT count(*)::int AS broken FROM sandbox_parts p
          JOIN post_runs r ON r.id = p.run_id
          LEFT JOIN sandbox_parts prev ON prev.run_id = p.run_id AND prev.position = p.position - 1
         WHERE p.kind = 'thread'
           AND p.reply_to_id <> CASE WHEN p.position = 1 THEN r.platform_post_id ELSE prev.id::text END`);
      expect(broken).toBe(0);
      second.child.kill('SIGTERM');
      expect(await second.exited).toBe(0);
    }, 180_000);
  });
});
