/**
 * Publishing CPU (issue 25, target 2): 10,000 sandbox runs (posts to the x, threads, facebook
 * and linkedin sandbox accounts, created with POST /v1/posts as a user does) on both queue
 * adapters, each next to a no-op baseline on the same adapter: Bull on Redis (an API and a
 * worker process) against raw Bull jobs, and the embedded in-process queue (one `all` process)
 * against a plain in-process dispatch loop, and that loop again with one PostgreSQL round trip per
 * job (the work no run can skip: its outcome must be stored). Throughput is runs / (last run finished - first run
 * started), read from PostgreSQL. */
import Queue from 'bull';
import { Pool } from 'pg';
import type { SokuProcess } from '../test/utils/soku-process';
import {
  api,
  baseUrl,
  benchUser,
  createPosts,
  forgetPosts,
  runStatuses,
  startSoku,
  startWorld,
  stopSoku,
  waitUntil,
  type World,
} from './harness';
import { machineLoad, recordResult, runBench } from './support';

const RUNS = Number(process.env.BENCH_RUNS ?? 10_000);
const PLATFORMS = ['x', 'threads', 'facebook', 'linkedin'];
const POSTS = Math.ceil(RUNS / PLATFORMS.length);
/** SOKU_PUBLISH_CONCURRENCY's default: the baselines run as many jobs at once. */
const CONCURRENCY = 10;
const SCHEDULE_AHEAD_MS = 65_000;

/** Creates per second measured by the Bull round: how far ahead the in-process posts are due. */
let createRate = 10;

/**
 * Bull: the posts are created (immediate, as most are) while only the API runs, so the queue
 * holds them all when the worker starts. In-process: API and worker are one process, so the
 * posts share a scheduledTime that lets every create land first.
 */
async function sandboxRuns(world: World, queue: 'bull' | 'in-process'): Promise<number> {
  await forgetPosts(world.db);
  const prefix = `pub${Date.now()}`;
  const procs: SokuProcess[] = [];
  try {
    procs.push(await startSoku(world, queue === 'bull' ? 'api' : 'all', { queue, prefix }));
    const url = baseUrl(procs[0]);
    const apiKey = await benchUser(world, `bench-pub-${prefix}@example.test`);
    await api(`${url}/v1/integrations/sandbox`, apiKey, 'POST', { platforms: PLATFORMS });
    const started = Date.now();
    const due = new Date(started + SCHEDULE_AHEAD_MS + (1.5 * POSTS * 1000) / createRate);
    const ids = await createPosts(
      url,
      apiKey,
      Array.from({ length: POSTS }, (_, i) => ({
        post: { content: { text: `Sandbox run ${prefix} #${i}`, platform: PLATFORMS } },
        ...(queue === 'bull' ? {} : { scheduledTime: due.toISOString() }),
      })),
    );
    createRate = (POSTS * 1000) / (Date.now() - started);
    if (queue === 'bull') {
      procs.push(await startSoku(world, 'worker', { queue, prefix }));
    }
    const settled = await waitUntil(
      async () => {
        const statuses = await runStatuses(world.db, ids);
        return (statuses.succeeded ?? 0) + (statuses.failed ?? 0) >= POSTS * PLATFORMS.length;
      },
      Math.max(0, due.getTime() - Date.now()) + 15 * 60_000,
      500,
    );
    const statuses = await runStatuses(world.db, ids);
    if (!settled || statuses.succeeded !== POSTS * PLATFORMS.length) {
      throw new Error(`sandbox runs did not all succeed: ${JSON.stringify(statuses)}`);
    }
    const { rows } = await world.db.query<{ seconds: number }>(
      `SELECT extract(epoch FROM max(finished_at) - min(publish_started_at))::float AS seconds
         FROM post_runs WHERE submission_id = ANY($1)`,
      [ids],
    );
    return (POSTS * PLATFORMS.length) / rows[0].seconds;
  } finally {
    for (const proc of procs.reverse()) {
      await stopSoku(proc);
    }
  }
}

async function rawBull(redisUrl: string, jobs: number): Promise<number> {
  const queue = new Queue(`bench-raw-${Date.now()}`, redisUrl);
  let done = 0;
  const finished = new Promise<void>((resolve) => {
    void queue.process(CONCURRENCY, () => {
      if (++done === jobs) {
        resolve();
      }
      return Promise.resolve();
    });
  });
  const started = process.hrtime.bigint();
  await queue.addBulk(
    Array.from({ length: jobs }, (_, i) => ({ data: { i }, opts: { removeOnComplete: true } })),
  );
  await finished;
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  await queue.obliterate({ force: true });
  await queue.close();
  return jobs / seconds;
}

/** The floor of an in-process queue: a FIFO drained by CONCURRENCY lanes of no-op async jobs. */
async function rawInProcess(jobs: number): Promise<number> {
  const ready = Array.from({ length: jobs }, (_, i) => ({ i }));
  const handler = (job: { i: number }) => Promise.resolve(job.i);
  const started = process.hrtime.bigint();
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      for (let job = ready.shift(); job; job = ready.shift()) {
        await handler(job);
        await new Promise((resolve) => setImmediate(resolve));
      }
    }),
  );
  return jobs / (Number(process.hrtime.bigint() - started) / 1e9);
}

/**
 * rawInProcess's lanes, each job one prepared PostgreSQL round trip on a pool of CONCURRENCY
 * connections: against a bare dispatch a ratio says little, against this it says how close a
 * run comes to the least a persisted job costs.
 */
async function inProcessRoundTrips(databaseUrl: string, jobs: number): Promise<number> {
  const pool = new Pool({ connectionString: databaseUrl, max: CONCURRENCY });
  try {
    const ready = Array.from({ length: jobs }, (_, i) => i);
    const started = process.hrtime.bigint();
    await Promise.all(
      Array.from({ length: CONCURRENCY }, async () => {
        for (let job = ready.shift(); job !== undefined; job = ready.shift()) {
          await pool.query({
            name: 'bench_round_trip',
            text: 'SELECT $1::int AS i',
            values: [job],
          });
        }
      }),
    );
    return jobs / (Number(process.hrtime.bigint() - started) / 1e9);
  } finally {
    await pool.end();
  }
}

async function main(): Promise<void> {
  const world = await startWorld();
  try {
    const runs = POSTS * PLATFORMS.length;
    process.stdout.write(
      `publishing: ${runs} sandbox runs (${POSTS} posts x ${PLATFORMS.length} accounts); ${machineLoad()}\n`,
    );
    const bull = await sandboxRuns(world, 'bull');
    const bullBase = await rawBull(world.redisUrl, runs);
    process.stdout.write(
      `  Bull: ${bull.toFixed(0)} runs/s vs raw ${bullBase.toFixed(0)} jobs/s\n`,
    );
    const inProcess = await sandboxRuns(world, 'in-process');
    const inProcessBase = await rawInProcess(runs);
    const roundTrips = await inProcessRoundTrips(world.databaseUrl, runs);
    process.stdout.write(
      `  in-process: ${inProcess.toFixed(0)} runs/s vs raw ${inProcessBase.toFixed(0)} jobs/s, ${roundTrips.toFixed(0)} one-round-trip jobs/s\n`,
    );
    for (const [adapter, ours, base, baseName] of [
      ['Bull on Redis (API + worker process)', bull, bullBase, 'raw Bull no-op jobs'],
      [
        'embedded in-process queue (one process)',
        inProcess,
        inProcessBase,
        'raw in-process dispatch',
      ],
      [
        'embedded in-process queue (one process)',
        inProcess,
        roundTrips,
        'in-process dispatch of jobs doing one PostgreSQL round trip each',
      ],
    ] as const) {
      recordResult({
        scenario: `Publishing CPU: ${runs} sandbox runs, ${adapter}, vs ${baseName} (concurrency ${CONCURRENCY})`,
        ours: `${ours.toFixed(0)} runs/s`,
        baseline: `${base.toFixed(0)} jobs/s`,
        ratio: ours / base,
        target: 'ratio >= 0.50',
        pass: ours / base >= 0.5,
      });
    }
  } finally {
    await world.close();
  }
}

runBench(main);
