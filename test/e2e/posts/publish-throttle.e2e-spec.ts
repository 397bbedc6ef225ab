import { PostsService } from '../../../src/modules/posts/posts.service';
import { createUser } from '../../utils/identity';
import { killStray, sharingTestDatabase, spawnSoku, waitHealthy } from '../../utils/soku-process';
import {
  LIVE,
  METADATA,
  realAccount,
  startPlatformHarness,
  type PlatformHarness,
} from '../platforms/platform-harness';
import { defaultScope } from '../../../src/common/auth/route-auth';

const POSTS = 5;
const LIMIT = 3;
/** Redis database 13: nothing else of the suite lives there. */
const redisUrl = process.env.REDIS_URL?.replace(/\/\d*$/, '/13');
const run = redisUrl ? describe : describe.skip;

run('per-account posting limit across two worker processes (Bull on Redis)', () => {
  let h: PlatformHarness;

  beforeAll(async () => {
    // This app only accepts posts (role api): two spawned workers publish them.
    h = await startPlatformHarness({
      REDIS_URL: redisUrl!,
      SOKU_ROLE: 'api',
      SOKU_PUBLISH_LIMITS: `x=${LIMIT}/15m`,
    });
  });
  afterEach(() => killStray());
  afterAll(() => h.close());

  async function runs(): Promise<
    { status: string; attempts: number; error_code: string | null }[]
  > {
    return h.t.dataSource.query(
      'SELECT status, attempts, error_code, next_attempt_at FROM post_runs ORDER BY status',
    );
  }

  it('should publish only the limit, and defer the rest without an attempt or a platform call', async () => {
    // The jest worker's database holds earlier suites' runs: this test counts every run.
    await h.t.reset();
    const env = {
      ...h.env,
      ...sharingTestDatabase(h.t.config.app.dataDir),
      REDIS_URL: redisUrl!,
      SOKU_ROLE: 'worker',
      LOG_LEVEL: 'warn',
    };
    const workers = [await spawnSoku(env), await spawnSoku(env)];
    await Promise.all(workers.map((worker) => waitHealthy(worker)));
    const user = await createUser(h.t);
    await realAccount(h, user, 'x', 'x_main', { accessToken: LIVE('x'), metadata: METADATA.x });
    const posts = h.t.app.get(PostsService);
    await Promise.all(
      Array.from({ length: POSTS }, (_, i) =>
        posts.create(defaultScope(user.userId), {
          post: { content: { text: `throttled post ${i}`, platform: 'x' } },
        }),
      ),
    );

    const deadline = Date.now() + 60_000;
    let settled = await runs();
    while (settled.some((r) => r.status !== 'succeeded' && r.error_code !== 'throttled')) {
      if (Date.now() > deadline) {
        throw new Error(`runs did not settle: ${JSON.stringify(settled)}\n${workers[0].output()}`);
      }
      await new Promise((resolve) => setTimeout(resolve, 100));
      settled = await runs();
    }

    expect(settled.filter((r) => r.status === 'succeeded')).toHaveLength(LIMIT);
    // Deferred, attempt given back, until the account's window has room: never failed.
    const deferred = settled.filter((r) => r.status === 'queued');
    expect(deferred).toHaveLength(POSTS - LIMIT);
    expect(deferred.every((r) => r.attempts === 0 && r.error_code === 'throttled')).toBe(true);
    const [{ waits }] = await h.t.dataSource.query<{ waits: number[] }[]>(
      `SELECT array_agg(EXTRACT(EPOCH FROM next_attempt_at - now())::int) AS waits
         FROM post_runs WHERE status = 'queued'`,
    );
    expect(waits.every((seconds) => seconds > 14 * 60 && seconds <= 15 * 60 + 2)).toBe(true);
    // Only the limit ever reached X: no call spent to collect a 429.
    expect(h.x.callsTo('POST /2/tweets')).toHaveLength(LIMIT);
  }, 120_000);
});
