import type { SokuProcess } from '../test/utils/soku-process';
import { describeTrace, installTrace, probeCpu, TRACING } from './due-trace';
import { FakeX } from './fake-x-platform';
import {
  api,
  baseUrl,
  benchUser,
  createPosts,
  forgetPosts,
  rssBytes,
  startSoku,
  stopSoku,
  type World,
} from './harness';
import { percentile } from './support';

/**
 * Posts due in the same second, published by real (non-sandbox) X accounts to the latency-bound
 * fake X: each post is created with POST /v1/posts and its scheduledTime, as a user schedules
 * it, spread over ACCOUNTS accounts so that no account needs more than X's documented 200 posts
 * per 15 minutes. The API process and `workers` worker processes share one PostgreSQL and Redis.
 */
export const ACCOUNTS = 100;
/** Extra worker variables for an experiment, e.g. BENCH_DUE_WORKER_ENV='{"DATABASE_POOL_SIZE":"40"}'. */
const WORKER_ENV = JSON.parse(process.env.BENCH_DUE_WORKER_ENV ?? '{}') as Record<string, string>;
/** POST /v1/posts refuses a scheduledTime less than a minute ahead (v1 "Scheduling"). */
const SCHEDULE_AHEAD_MS = 65_000;

export interface DueSetup {
  world: World;
  fake: FakeX;
  apiKey: string;
  /** Creation rate measured so far, posts/s: sets how far ahead the next batch is due. */
  createRate: number;
}

export async function setUp(world: World): Promise<DueSetup> {
  const fake = await new FakeX().start();
  const apiKey = await benchUser(world, `bench-due-${Date.now()}@example.test`);
  const proc = await startApi(world, fake, 'setup');
  try {
    const url = baseUrl(proc);
    // The documented given-token route: Soku reads the account from X with the token.
    await Promise.all(
      Array.from({ length: ACCOUNTS }, (_, i) =>
        api(`${url}/v1/integrations`, apiKey, 'POST', {
          platform: 'x',
          accessToken: `token-${i}`,
          accountId: `x_${i}`,
        }),
      ),
    );
  } finally {
    await stopSoku(proc);
  }
  // Pessimistic until the first scenario has measured it (the machine is shared), unless the
  // runner knows better: BENCH_DUE_CREATE_RATE (posts/s).
  return { world, fake, apiKey, createRate: Number(process.env.BENCH_DUE_CREATE_RATE ?? 15) };
}

function startApi(world: World, fake: FakeX, prefix: string): Promise<SokuProcess> {
  return startSoku(world, 'api', { queue: 'bull', prefix, env: { SOKU_X_API_BASE: fake.url } });
}

export interface DueResult {
  posts: number;
  workers: number;
  /** ms from the due time to each post's first create call at the fake (called posts only). */
  lateness: number[];
  called: number;
  published: number;
  doubled: number;
  throttled: number;
  /** Publishes per second at the fake, from the due time to the last publish in the window. */
  publishRate: number;
  /** Worker RSS before the posts came due and its peak while they were in flight. */
  rssBefore: number;
  rssPeak: number;
  windowS: number;
  /** Per-stage timeline (BENCH_DUE_TRACE=1). */
  trace?: string;
}

export async function runDue(
  setup: DueSetup,
  posts: number,
  workers: number,
  windowS: number,
): Promise<DueResult> {
  const { world, fake } = setup;
  await forgetPosts(world.db);
  if (TRACING) {
    await installTrace(world.db);
  }
  fake.reset();
  const prefix = `due${Date.now()}`;
  const apiProc = await startApi(world, fake, prefix);
  const workerProcs: SokuProcess[] = [];
  try {
    for (let i = 0; i < workers; i++) {
      workerProcs.push(
        await startSoku(world, 'worker', {
          queue: 'bull',
          prefix,
          env: { SOKU_X_API_BASE: fake.url, ...WORKER_ENV },
        }),
      );
    }
    const startedAt = Date.now();
    const due =
      Math.ceil((startedAt + SCHEDULE_AHEAD_MS + (2.5 * posts * 1000) / setup.createRate) / 1000) *
      1000;
    const texts = Array.from({ length: posts }, (_, i) => `Due post ${prefix} #${i}`);
    await createPosts(
      baseUrl(apiProc),
      setup.apiKey,
      texts.map((text, i) => ({
        post: { content: { text, platform: { platform: 'x', accountId: `x_${i % ACCOUNTS}` } } },
        scheduledTime: new Date(due).toISOString(),
      })),
    );
    // The next scenario is due 2.5x as late as this rate needs: it may run beside more workers.
    setup.createRate = (posts * 1000) / (Date.now() - startedAt);
    const pids = workerProcs.map((proc) => proc.child.pid!);
    const rssBefore = sum(pids.map((pid) => rssBytes(pid) ?? 0));
    let rssPeak = rssBefore;
    const sampler = setInterval(() => {
      rssPeak = Math.max(rssPeak, sum(pids.map((pid) => rssBytes(pid) ?? 0)));
    }, 1000);
    // The CPU probe covers the due window only: from a second before the due time.
    await new Promise((resolve) => setTimeout(resolve, due - 1000 - Date.now()));
    const cpu = TRACING ? await probeCpu(world.db, world.redisUrl, pids) : undefined;
    const end = due + windowS * 1000;
    while (Date.now() < end && fake.publishedByText().size < posts) {
      await new Promise((resolve) => setTimeout(resolve, 500));
    }
    clearInterval(sampler);
    const trace = cpu ? (await cpu.stop()) + (await describeTrace(world.db, fake, due)) : undefined;
    return {
      ...summarize(fake, texts, due, { posts, workers, rssBefore, rssPeak, windowS }),
      trace,
    };
  } finally {
    for (const proc of [...workerProcs, apiProc]) {
      await stopSoku(proc);
    }
  }
}

const sum = (values: number[]) => values.reduce((a, b) => a + b, 0);

function summarize(
  fake: FakeX,
  texts: string[],
  due: number,
  rest: Pick<DueResult, 'posts' | 'workers' | 'rssBefore' | 'rssPeak' | 'windowS'>,
): DueResult {
  const mine = new Set(texts);
  const firstCall = new Map<string, number>();
  for (const create of fake.creates) {
    if (mine.has(create.text) && !firstCall.has(create.text)) {
      firstCall.set(create.text, create.at);
    }
  }
  const published = fake.publishedByText();
  const publishedAt = fake.creates.filter((c) => c.status === 201).map((c) => c.at);
  const last = publishedAt.length ? Math.max(...publishedAt) : due;
  return {
    ...rest,
    lateness: [...firstCall.values()].map((at) => at - due),
    called: firstCall.size,
    published: published.size,
    doubled: [...published.values()].filter((n) => n > 1).length,
    throttled: fake.creates.filter((c) => c.status === 429).length,
    publishRate: (published.size * 1000) / Math.max(1, last - due),
  };
}

/** p99 lateness over every post: one never called within the window counts as the window. */
export function latenessP(result: DueResult, p: number): { ms: number; bound: boolean } {
  const missing = result.posts - result.called;
  const all = [...result.lateness, ...Array<number>(missing).fill(result.windowS * 1000)];
  const ms = percentile(all, p);
  return { ms, bound: missing > 0 && ms >= result.windowS * 1000 };
}

export function describeLateness(result: DueResult): string {
  const show = (p: number) => {
    const { ms, bound } = latenessP(result, p);
    return `p${p} ${bound ? '> ' : ''}${(ms / 1000).toFixed(1)} s`;
  };
  return (
    `${show(99)} (${show(50)}, ${show(90)}); ${result.called} of ${result.posts} called and ` +
    `${result.published} published within ${result.windowS} s, ${result.throttled} answered 429`
  );
}
