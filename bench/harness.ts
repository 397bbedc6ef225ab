import { randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Client } from 'pg';
import { startRedisServer, type RedisServer } from '../test/utils/redis-server';
import { runCli, spawnSoku, waitHealthy, type SokuProcess } from '../test/utils/soku-process';
import { benchDatabase } from './support';

/**
 * Soku as users run it: the built server (`node dist/main.js`) in its own processes, set up
 * through the CLI and the HTTP API. Nothing here imports a feature module, so the bench keeps
 * measuring whatever shape src/ takes.
 */
export interface World {
  databaseUrl: string;
  dataDir: string;
  redisUrl: string;
  /** Every process of this world shares the database, the data dir and the vault key. */
  env: Record<string, string>;
  db: Client;
  close(): Promise<void>;
}

/** A database, Redis (REDIS_URL, else a throwaway redis-server) and a data dir for one bench. */
export async function startWorld(): Promise<World> {
  const database = await benchDatabase();
  const redis: RedisServer | undefined = process.env.REDIS_URL
    ? undefined
    : await startRedisServer();
  const redisUrl = process.env.REDIS_URL ?? redis!.url;
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'soku-bench-data-'));
  const db = new Client({ connectionString: database.url });
  await db.connect();
  return {
    databaseUrl: database.url,
    dataDir,
    redisUrl,
    db,
    env: {
      NODE_ENV: 'production',
      LOG_LEVEL: 'silent',
      DATABASE_URL: database.url,
      DATABASE_POOL_SIZE: '20',
      SOKU_DATA_DIR: dataDir,
      SOKU_ENCRYPTION_KEY: randomBytes(32).toString('base64'),
    },
    close: async () => {
      await db.end();
      await redis?.kill();
      await database.stop();
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

export type Role = 'api' | 'worker' | 'all';

/** Variables for every Soku a bench starts, e.g. a profiler: BENCH_SOKU_ENV='{"NODE_OPTIONS":"…"}'. */
const EXTRA_SOKU_ENV = JSON.parse(process.env.BENCH_SOKU_ENV ?? '{}') as Record<string, string>;

/** One Soku process of `role`, healthy; `queue` 'bull' puts it on the world's Redis. */
export async function startSoku(
  world: World,
  role: Role,
  options: { queue: 'bull' | 'in-process'; prefix?: string; env?: Record<string, string> },
): Promise<SokuProcess> {
  const proc = await spawnSoku({
    ...world.env,
    SOKU_ROLE: role,
    // The documented switch ("only behind a gateway that already limits"): the bench user's
    // thousands of requests a second would otherwise meet the 30/min posts.create limit.
    SOKU_RATE_LIMIT_ENABLED: 'false',
    ...(options.queue === 'bull'
      ? { REDIS_URL: world.redisUrl, SOKU_QUEUE_PREFIX: options.prefix ?? 'bench' }
      : {}),
    ...options.env,
    ...EXTRA_SOKU_ENV,
  });
  await waitHealthy(proc);
  return proc;
}

export async function stopSoku(proc: SokuProcess): Promise<void> {
  if (proc.child.exitCode === null) {
    proc.child.kill('SIGTERM');
  }
  await proc.exited;
}

export function baseUrl(proc: SokuProcess): string {
  return `http://127.0.0.1:${proc.port}`;
}

/** `soku <command> --json` against the world's database; throws with its error otherwise. */
export async function cli(world: World, args: string[]): Promise<Record<string, unknown>> {
  const { code, stdout, stderr } = await runCli([...args, '--json'], world.env);
  if (code !== 0) {
    throw new Error(`soku ${args.join(' ')} exited ${code}: ${stdout}${stderr}`);
  }
  return JSON.parse(stdout) as Record<string, unknown>;
}

/** A user with an active subscription (the premium tier) and an API key, made with the CLI. */
export async function benchUser(world: World, email: string): Promise<string> {
  const created = await cli(world, ['users:create', '--email', email, '--subscription', 'active']);
  if (typeof created.apiKey !== 'string') {
    throw new Error(`users:create printed no API key: ${JSON.stringify(created)}`);
  }
  return created.apiKey;
}

/** One JSON call of the v1 API; throws on a non-2xx answer. */
export async function api<T = Record<string, unknown>>(
  url: string,
  apiKey: string,
  method: string,
  body?: unknown,
): Promise<T> {
  const res = await fetch(url, {
    method,
    headers: { 'soku-api-key': apiKey, 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  if (!res.ok) {
    throw new Error(`${method} ${url} answered ${res.status}: ${text}`);
  }
  return JSON.parse(text) as T;
}

/**
 * POST /v1/posts for every body, `concurrency` at a time, as a user's client would; resolves with
 * the submission ids in order.
 */
export async function createPosts(
  url: string,
  apiKey: string,
  bodies: unknown[],
  concurrency = 20,
): Promise<string[]> {
  const ids: string[] = new Array<string>(bodies.length);
  let next = 0;
  const lane = async () => {
    while (next < bodies.length) {
      const i = next++;
      const answer = await api<{ postSubmissionId: string }>(
        `${url}/v1/posts`,
        apiKey,
        'POST',
        bodies[i],
      );
      ids[i] = answer.postSubmissionId;
    }
  };
  await Promise.all(Array.from({ length: concurrency }, lane));
  return ids;
}

/** Run counts of these submissions by status. */
export async function runStatuses(db: Client, ids: string[]): Promise<Record<string, number>> {
  const { rows } = await db.query<{ status: string; n: number }>(
    'SELECT status, count(*)::int AS n FROM post_runs WHERE submission_id = ANY($1) GROUP BY status',
    [ids],
  );
  return Object.fromEntries(rows.map((row) => [row.status, row.n]));
}

/** Polls until `done()` or `timeoutMs`; resolves with whether it got there. */
export async function waitUntil(
  done: () => Promise<boolean>,
  timeoutMs: number,
  everyMs = 200,
): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await done()) {
      return true;
    }
    await new Promise((resolve) => setTimeout(resolve, everyMs));
  }
  return done();
}

/**
 * Forgets every post of earlier scenarios, so no reconciler re-drives them into the next (a no-op
 * before the first process has migrated the database).
 */
export async function forgetPosts(db: Client): Promise<void> {
  await db.query(`DO $$ BEGIN
    IF to_regclass('post_submissions') IS NOT NULL THEN TRUNCATE post_submissions CASCADE; END IF;
  END $$`);
}

const TICKS_PER_SECOND = 100;

/** User + system CPU seconds the process has used (from /proc/<pid>/stat). */
export function cpuSeconds(pid: number): number {
  const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
  // Fields after the command (which may hold spaces) start at index 2: utime is 14, stime 15.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11]) + Number(fields[12])) / TICKS_PER_SECOND;
}

/** Resident set size in bytes (from /proc/<pid>/status), undefined once the process is gone. */
export function rssBytes(pid: number): number | undefined {
  try {
    const kb = /VmRSS:\s+(\d+) kB/.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1];
    return kb ? Number(kb) * 1024 : undefined;
  } catch {
    return undefined;
  }
}

export const mib = (bytes: number): string => `${(bytes / 1024 / 1024).toFixed(0)} MiB`;
