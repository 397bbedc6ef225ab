import * as fs from 'node:fs';
import Redis from 'ioredis';
import type { Client } from 'pg';
import { cpuSeconds } from './harness';
import type { FakeX } from './fake-x-platform';
import { percentile } from './support';

/**
 * Where a due post's time goes (BENCH_DUE_TRACE=1): bench-only triggers record, with
 * PostgreSQL's clock, when each submission starts orchestrating and is dispatched, and when each
 * run is claimed and marked started; the fake X records the connector's call. The app is not
 * touched: the triggers live in the bench database only, and cost one insert per transition.
 */
export const TRACING = process.env.BENCH_DUE_TRACE === '1';

const STAGES = [
  ['orchestrating', 'timer fired, orchestration began (submission queued → orchestrating)'],
  ['dispatched', 'runs enqueued (submission → dispatched)'],
  ['claimed', 'publish job claimed its run (run → processing)'],
  ['started', 'credentials read, throttle passed, started mark (publish_started_at)'],
  ['called', 'the connector call reached the fake'],
] as const;
type Stage = (typeof STAGES)[number][0];

export async function installTrace(db: Client): Promise<void> {
  await db.query(`
    CREATE TABLE IF NOT EXISTS bench_due_trace (kind text NOT NULL, id uuid NOT NULL, at timestamptz NOT NULL);
    CREATE OR REPLACE FUNCTION bench_trace_submission() RETURNS trigger AS $$ BEGIN
      IF NEW.status IS DISTINCT FROM OLD.status THEN
        INSERT INTO bench_due_trace VALUES (NEW.status, NEW.id, clock_timestamp());
      END IF;
      RETURN NEW;
    END $$ LANGUAGE plpgsql;
    CREATE OR REPLACE FUNCTION bench_trace_run() RETURNS trigger AS $$ BEGIN
      IF NEW.status = 'processing' AND OLD.status IS DISTINCT FROM 'processing' THEN
        INSERT INTO bench_due_trace VALUES ('claimed', NEW.id, clock_timestamp());
      END IF;
      IF NEW.publish_started_at IS NOT NULL AND OLD.publish_started_at IS NULL THEN
        INSERT INTO bench_due_trace VALUES ('started', NEW.id, clock_timestamp());
      END IF;
      RETURN NEW;
    END $$ LANGUAGE plpgsql;
    DROP TRIGGER IF EXISTS bench_trace_submission ON post_submissions;
    CREATE TRIGGER bench_trace_submission AFTER UPDATE ON post_submissions
      FOR EACH ROW EXECUTE FUNCTION bench_trace_submission();
    DROP TRIGGER IF EXISTS bench_trace_run ON post_runs;
    CREATE TRIGGER bench_trace_run AFTER UPDATE ON post_runs
      FOR EACH ROW EXECUTE FUNCTION bench_trace_run();
    TRUNCATE bench_due_trace;`);
}

/** Each stage's first time per post text, in ms after the due time. */
async function stageTimes(db: Client, fake: FakeX, due: number): Promise<Map<Stage, number[]>> {
  const { rows } = await db.query<{ kind: Stage; text: string; ms: number }>(
    `SELECT t.kind, s.content->>'text' AS text,
            EXTRACT(EPOCH FROM min(t.at)) * 1000 - $1 AS ms
       FROM bench_due_trace t
       LEFT JOIN post_runs r ON r.id = t.id
       JOIN post_submissions s ON s.id = COALESCE(r.submission_id, t.id)
      WHERE t.kind IN ('orchestrating', 'dispatched', 'claimed', 'started')
      GROUP BY t.kind, s.content->>'text'`,
    [due],
  );
  const times = new Map<Stage, number[]>(STAGES.map(([stage]) => [stage, []]));
  for (const row of rows) {
    times.get(row.kind)!.push(Number(row.ms));
  }
  const called = new Map<string, number>();
  for (const create of fake.creates) {
    if (!called.has(create.text)) {
      called.set(create.text, create.at - due);
    }
  }
  times.set('called', [...called.values()]);
  return times;
}

/** One line per stage: p50 / p90 / p99 of when posts reached it, after the due time. */
export async function describeTrace(db: Client, fake: FakeX, due: number): Promise<string> {
  const times = await stageTimes(db, fake, due);
  const seconds = (values: number[], p: number) =>
    values.length ? `${(percentile(values, p) / 1000).toFixed(2)} s` : '-';
  return STAGES.map(([stage, meaning]) => {
    const values = times.get(stage)!;
    return (
      `    ${stage.padEnd(13)} p50 ${seconds(values, 50)}, p90 ${seconds(values, 90)}, ` +
      `p99 ${seconds(values, 99)} (${values.length} posts): ${meaning}\n`
    );
  }).join('');
}

/** CPU seconds each part of the system used while the posts were due, and PostgreSQL's lock waits. */
export interface CpuProbe {
  stop(): Promise<string>;
}

export async function probeCpu(
  db: Client,
  redisUrl: string,
  workerPids: number[],
): Promise<CpuProbe> {
  const [{ pid }] = (await db.query<{ pid: number }>('SELECT pg_backend_pid() AS pid')).rows;
  const postmaster = parentOf(pid);
  const redis = new Redis(redisUrl);
  const started = Date.now();
  const before = {
    workers: workersCpu(workerPids),
    pg: postgresCpu(postmaster),
    redis: await redisCpu(redis),
  };
  const waits = { samples: 0, lock: 0, active: 0 };
  const sampler = setInterval(() => {
    void db
      .query<{ lock: number; active: number }>(
        `SELECT count(*) FILTER (WHERE wait_event_type = 'Lock')::int AS lock,
                count(*) FILTER (WHERE state = 'active')::int - 1 AS active
           FROM pg_stat_activity WHERE datname = current_database()`,
      )
      .then(
        ({ rows: [row] }) => {
          waits.samples++;
          waits.lock += row.lock;
          waits.active += row.active;
        },
        () => undefined,
      );
  }, 250);
  return {
    stop: async () => {
      clearInterval(sampler);
      const wall = (Date.now() - started) / 1000;
      const used = {
        workers: workersCpu(workerPids) - before.workers,
        pg: postgresCpu(postmaster) - before.pg,
        redis: (await redisCpu(redis)) - before.redis,
      };
      redis.disconnect();
      const share = (seconds: number) =>
        `${seconds.toFixed(1)} s (${((seconds / wall) * 100).toFixed(0)} % of a core)`;
      const n = Math.max(1, waits.samples);
      return (
        `    cpu over ${wall.toFixed(1)} s: workers ${share(used.workers)}, PostgreSQL ${share(used.pg)}, ` +
        `Redis ${share(used.redis)}; PostgreSQL backends active ${(waits.active / n).toFixed(1)}, ` +
        `waiting on a lock ${(waits.lock / n).toFixed(2)} on average (${waits.samples} samples)\n`
      );
    },
  };
}

function parentOf(pid: number): number {
  const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
  return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
}

const workersCpu = (pids: number[]) => pids.reduce((sum, pid) => sum + cpuSeconds(pid), 0);

/** The postmaster and its children (backends come and go: those alive at both ends count). */
function postgresCpu(postmaster: number): number {
  let total = cpuSeconds(postmaster);
  for (const entry of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) {
      continue;
    }
    try {
      if (parentOf(Number(entry)) === postmaster) {
        total += cpuSeconds(Number(entry));
      }
    } catch {
      // the process exited meanwhile
    }
  }
  return total;
}

async function redisCpu(redis: Redis): Promise<number> {
  const info = await redis.info('cpu');
  const field = (name: string) => Number(new RegExp(`${name}:([\\d.]+)`).exec(info)?.[1] ?? 0);
  return field('used_cpu_user') + field('used_cpu_sys');
}
