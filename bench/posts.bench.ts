/**
 * POST /v1/posts and publishing, each next to a baseline measured in the same run:
 *   1. HTTP: POST /v1/posts through the full pipeline (auth, validation, targeting, platform
 *      rules, one transaction, enqueue) against a bare NestJS endpoint in the same process;
 *   2. publishing: 10,000 runs (5,000 posts x 2 sandbox accounts) through orchestration and the
 *      publish state machine, against raw Bull jobs with a no-op handler (needs REDIS_URL);
 *   3. scheduling: 1,000 posts due at the same second; lateness of each publish call.
 */
import 'reflect-metadata';
import { Body, Controller, Module, Post } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import Queue from 'bull';
import { randomUUID } from 'node:crypto';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { DataSource } from 'typeorm';
import { ApiKeysService } from '../src/modules/api-keys';
import { UsersService } from '../src/modules/auth';
import { IntegrationsService } from '../src/modules/integrations';
import { PostDispatcher } from '../src/modules/posts/post-dispatcher';
import {
  autocannon,
  benchDatabase,
  machineLoad,
  percentile,
  recordResult,
  startSoku,
  type LoadResult,
} from './support';

const CONNECTIONS = 50;
const SECONDS = Number(process.env.BENCH_DURATION_S ?? 8);
const POSTS = Number(process.env.BENCH_POSTS ?? 5_000);
const SCHEDULED = Number(process.env.BENCH_SCHEDULED ?? 1_000);
const CONCURRENCY = 10;

@Controller('bare')
class BareController {
  @Post()
  create(@Body() body: unknown): { postSubmissionId: string; received: boolean } {
    return { postSubmissionId: randomUUID(), received: body !== undefined };
  }
}

@Module({ controllers: [BareController] })
class BareModule {}

const body = JSON.stringify({
  post: { content: { text: 'Benchmark post [<id>]', platform: ['x', 'threads'] } },
});

function line(name: string, result: LoadResult, base?: LoadResult): string {
  return (
    `  ${name.padEnd(34)} ${result.rps.toFixed(0).padStart(6)} req/s  p50 ${String(result.p50).padStart(3)} ms  p99 ${String(result.p99).padStart(4)} ms` +
    (base ? `  ratio ${(result.rps / base.rps).toFixed(2)}` : '') +
    (result.non2xx > 0 ? `  (${result.non2xx} non-2xx!)` : '') +
    '\n'
  );
}

/**
 * Waits until every run of these submissions has succeeded (only these: a POST of the HTTP phase
 * still in flight when it ended may commit later); a stall of 10 minutes says how far it got.
 */
async function waitForSucceededRuns(
  dataSource: DataSource,
  submissionIds: string[],
  runs: number,
): Promise<void> {
  const deadline = Date.now() + 10 * 60_000;
  for (;;) {
    const [{ n }]: { n: number }[] = await dataSource.query(
      `SELECT count(*)::int AS n FROM post_runs WHERE status = 'succeeded' AND submission_id = ANY($1)`,
      [submissionIds],
    );
    if (n === runs) {
      return;
    }
    if (Date.now() > deadline) {
      throw new Error(`benchmark stalled for 10 minutes: ${n} of ${runs} runs succeeded`);
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

async function main(): Promise<void> {
  const db = await benchDatabase();
  const queueEnv: Record<string, string> = process.env.REDIS_URL
    ? { REDIS_URL: process.env.REDIS_URL, SOKU_QUEUE_PREFIX: `bench${Date.now()}` }
    : {};
  // HTTP only: publishing would compete for the same two cores.
  const api = await startSoku(db.url, {
    SOKU_ROLE: 'api',
    SOKU_RATE_LIMIT_ENABLED: 'false',
    ...queueEnv,
  });
  const bare = await NestFactory.create(BareModule, { logger: false });
  await bare.listen(0, '127.0.0.1');
  const bareUrl = `http://127.0.0.1:${((bare.getHttpServer() as Server).address() as AddressInfo).port}/bare`;
  try {
    const users = api.app.get(UsersService);
    const user = await users.createLocal(`bench-${Date.now()}@example.test`, false);
    await users.setSubscription(user.id, 'active', new Date(Date.now() + 86_400_000));
    const { apiKey } = await api.app.get(ApiKeysService).create(user.id, 'bench');
    await api.app.get(IntegrationsService).createSandboxAccounts(user.id, ['x', 'threads']);

    const load = {
      connections: CONNECTIONS,
      seconds: SECONDS,
      method: 'POST',
      body,
      headers: { 'content-type': 'application/json', 'soku-api-key': apiKey },
    };
    await autocannon(bareUrl, { ...load, seconds: 2 });
    await autocannon(`${api.url}/v1/posts`, { ...load, seconds: 2 });
    const baseline = await autocannon(bareUrl, load);
    const full = await autocannon(`${api.url}/v1/posts`, load);
    process.stdout.write(
      `posts: HTTP, ${CONNECTIONS} connections, ${SECONDS} s, unique bodies; ${machineLoad()}\n`,
    );
    process.stdout.write(line('bare NestJS endpoint', baseline));
    process.stdout.write(line('POST /v1/posts, full pipeline', full, baseline));
    const ratio = full.rps / baseline.rps;
    recordResult({
      scenario: `POST /v1/posts, full pipeline vs a bare NestJS endpoint (${CONNECTIONS} connections)`,
      ours: `${full.rps.toFixed(0)} req/s`,
      baseline: `${baseline.rps.toFixed(0)} req/s`,
      ratio,
      target: 'ratio >= 0.40',
      pass: ratio >= 0.4 && full.non2xx === 0,
    });
    recordResult({
      scenario: `POST /v1/posts p99 latency at ${CONNECTIONS} connections`,
      ours: `${full.p99} ms`,
      baseline: `${baseline.p99} ms (bare endpoint)`,
      target: 'p99 <= 50 ms',
      pass: full.p99 <= 50,
    });

    const dataSource = api.app.get(DataSource);
    await dataSource.query('TRUNCATE post_submissions CASCADE');
    await api.app.close();

    await publishing(db.url, queueEnv, user.id);
    await scheduling(db.url, queueEnv, user.id);
  } finally {
    await bare.close();
    await db.stop();
  }
}

/** Inserts `count` posts to x and threads, due at `at`, the way POST /v1/posts stores them. */
async function insertPosts(
  dataSource: DataSource,
  userId: string,
  count: number,
  at: Date,
): Promise<string[]> {
  const rows: { id: string }[] = await dataSource.query(
    `INSERT INTO post_submissions (user_id, content, media_type, scheduled_time)
     SELECT $1, '{"text":"Benchmark post"}', 'text', $3 FROM generate_series(1, $2) RETURNING id`,
    [userId, count, at],
  );
  await dataSource.query(
    `INSERT INTO post_runs (submission_id, user_id, platform, account_id, integration_id, target_id)
     SELECT s.id, $1, i.platform, i.account_id, i.id, i.platform || ':' || i.account_id
       FROM post_submissions s CROSS JOIN integrations i
      WHERE s.id = ANY($2) AND i.user_id = $1`,
    [userId, rows.map((row) => row.id)],
  );
  return rows.map((row) => row.id);
}

async function publishing(
  databaseUrl: string,
  queueEnv: Record<string, string>,
  userId: string,
): Promise<void> {
  const worker = await startSoku(databaseUrl, {
    SOKU_ROLE: 'all',
    SOKU_PUBLISH_CONCURRENCY: String(CONCURRENCY),
    ...queueEnv,
  });
  const dataSource = worker.app.get(DataSource);
  const ids = await insertPosts(dataSource, userId, POSTS, new Date());
  const dispatcher = worker.app.get(PostDispatcher);
  const started = process.hrtime.bigint();
  const now = new Date();
  await Promise.all(ids.map((id) => dispatcher.dispatch(id, now)));
  await waitForSucceededRuns(dataSource, ids, POSTS * 2);
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  const runsPerSecond = (POSTS * 2) / seconds;
  await dataSource.query('TRUNCATE post_submissions CASCADE');
  await worker.app.close();

  process.stdout.write(
    `\nposts: publishing ${POSTS * 2} runs (${POSTS} posts x 2 sandbox accounts), concurrency ${CONCURRENCY}, ${queueEnv.REDIS_URL ? 'Bull' : 'in-process queue'}; ${machineLoad()}\n`,
  );
  process.stdout.write(
    `  Soku runs                          ${runsPerSecond.toFixed(0).padStart(6)} runs/s  (${seconds.toFixed(1)} s)\n`,
  );
  const raw = queueEnv.REDIS_URL ? await rawBull(queueEnv.REDIS_URL, POSTS * 2) : undefined;
  recordResult({
    scenario: `Publishing ${POSTS * 2} sandbox runs through the queue and the state machine vs raw Bull no-op jobs`,
    ours: `${runsPerSecond.toFixed(0)} runs/s`,
    baseline: raw === undefined ? 'not measured: set REDIS_URL' : `${raw.toFixed(0)} jobs/s`,
    ratio: raw === undefined ? undefined : runsPerSecond / raw,
    target: 'ratio >= 0.50',
    pass: raw !== undefined && runsPerSecond / raw >= 0.5,
  });
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

async function scheduling(
  databaseUrl: string,
  queueEnv: Record<string, string>,
  userId: string,
): Promise<void> {
  const worker = await startSoku(databaseUrl, {
    SOKU_ROLE: 'all',
    SOKU_PUBLISH_CONCURRENCY: String(CONCURRENCY),
    ...queueEnv,
  });
  const dataSource = worker.app.get(DataSource);
  const due = new Date(Math.ceil((Date.now() + 5_000) / 1000) * 1000);
  const ids = await insertPosts(dataSource, userId, SCHEDULED, due);
  const dispatcher = worker.app.get(PostDispatcher);
  await Promise.all(ids.map((id) => dispatcher.dispatch(id, due)));
  await waitForSucceededRuns(dataSource, ids, SCHEDULED * 2);
  const rows: { ms: number }[] = await dataSource.query(
    `SELECT extract(epoch FROM (r.publish_started_at - s.scheduled_time)) * 1000 AS ms
       FROM post_runs r JOIN post_submissions s ON s.id = r.submission_id
      WHERE s.id = ANY($1)`,
    [ids],
  );
  const lateness = rows.map((row) => Number(row.ms));
  await worker.app.close();
  process.stdout.write(
    `\nposts: ${SCHEDULED} posts (${SCHEDULED * 2} runs) due at the same second; ${machineLoad()}\n`,
  );
  const p99 = percentile(lateness, 99);
  recordResult({
    scenario: `Scheduled posts: ${SCHEDULED} due at the same second, lateness of the publish call`,
    ours: `p99 ${p99.toFixed(0)} ms (p50 ${percentile(lateness, 50).toFixed(0)} ms, max ${Math.max(...lateness).toFixed(0)} ms)`,
    baseline: 'the due time itself (0 ms)',
    target: 'p99 <= 1000 ms',
    pass: p99 <= 1000,
  });
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    process.stderr.write(`${(error as Error).stack ?? String(error)}\n`);
    process.exit(1);
  },
);
