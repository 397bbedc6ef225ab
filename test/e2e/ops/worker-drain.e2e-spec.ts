import { randomUUID } from 'node:crypto';
import { PostsService } from '../../../src/modules/posts/posts.service';
import { addAccount } from '../../utils/accounts';
import { createUser } from '../../utils/identity';
import {
  killStray,
  spawnSoku,
  type SokuProcess,
  waitHealthy,
  sharingTestDatabase,
  queueAdapters,
} from '../../utils/soku-process';
import { createTestApp, type TestApp } from '../../utils/test-app';
import { defaultScope } from '../../../src/common/auth/route-auth';

const ACTIVE = 20;
const POSTS = 30;

/** Redis database 14 with its own prefix: nothing else of the suite lives there. */
const adapters = queueAdapters(14);

describe.each(adapters)('SIGTERM drains a worker, with %s', (_name, adapterEnv) => {
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
        SOKU_QUEUE_PREFIX: `drain${randomUUID().slice(0, 8)}`,
        SOKU_ROLE: 'worker',
        SOKU_PUBLISH_CONCURRENCY: String(ACTIVE),
        // Longer than the whole test: a run left in processing would fail it, not be recovered.
        SOKU_RUN_LEASE_MS: '600000',
        SOKU_RECONCILE_INTERVAL_MS: '300',
        SOKU_WORKER_DRAIN_TIMEOUT_MS: '60000',
        LOG_LEVEL: 'warn',
      };
    });
    beforeEach(() => t.reset());
    afterEach(() => killStray());
    afterAll(() => t.close());

    async function counts(): Promise<Record<string, number>> {
      const rows: { status: string; n: number }[] = await t.dataSource.query(
        'SELECT status, count(*)::int AS n FROM post_runs GROUP BY status',
      );
      return Object.fromEntries(rows.map((r) => [r.status, r.n]));
    }

    async function waitUntil(
      check: (c: Record<string, number>) => boolean,
      what: string,
      proc: SokuProcess,
    ): Promise<void> {
      const deadline = Date.now() + 90_000;
      while (!check(await counts())) {
        if (Date.now() > deadline) {
          throw new Error(
            `timed out waiting for ${what}: ${JSON.stringify(await counts())}\n${proc.output()}`,
          );
        }
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
    }

    it('should finish the active publish jobs, leave the rest to the next worker, and post each run once', async () => {
      const user = await createUser(t);
      await addAccount(t, user.userId, 'x', 'x_main');
      const posts = t.app.get(PostsService);
      for (let i = 0; i < POSTS; i++) {
        await posts.create(defaultScope(user.userId), {
          post: { content: { text: `slow post ${i} #sandbox-delay-2500`, platform: 'x' } },
        });
      }

      const first = await spawnSoku(env);
      await waitUntil((c) => c.processing === ACTIVE, `${ACTIVE} active runs`, first);
      // A worker's HTTP port serves the probes and /metrics only.
      expect((await fetch(`http://127.0.0.1:${first.port}/health`)).status).toBe(200);
      const api = await fetch(`http://127.0.0.1:${first.port}/v1/posts`);
      expect(api.status).toBe(404);
      expect(((await api.json()) as { error: { message: string } }).error.message).toMatch(
        /SOKU_ROLE=worker/,
      );
      first.child.kill('SIGTERM');
      expect(await first.exited).toBe(0);
      const afterDrain = await counts();
      expect(afterDrain.processing).toBeUndefined();
      expect(afterDrain.succeeded).toBeGreaterThanOrEqual(ACTIVE);
      expect(first.output()).not.toMatch(/drain timed out/);

      const second = await spawnSoku(env);
      await waitHealthy(second);
      await waitUntil((c) => c.succeeded === POSTS, 'every run to succeed', second);
      const [{ published, doubled }] = await t.dataSource.query(`
        SELECT (SELECT count(*)::int FROM sandbox_posts) AS published,
               (SELECT count(*)::int FROM (SELECT run_id FROM sandbox_posts GROUP BY run_id HAVING count(*) > 1) d) AS doubled`);
      expect(published).toBe(POSTS);
      expect(doubled).toBe(0);
      expect(await counts()).toEqual({ succeeded: POSTS });
      second.child.kill('SIGTERM');
      expect(await second.exited).toBe(0);
    }, 180_000);
  });
});
