/**
 * `npm run soak`: the built server (`dist/main.js`) as one API process and two worker processes
 * on an embedded PostgreSQL and Bull on Redis, under steady mixed traffic (posts, reads, media
 * imports, template renders; bench/soak-traffic.ts) for SOKU_SOAK_SECONDS (default 600). Samples
 * each process's RSS (/proc/<pid>/status) and event-loop delay (bench/soak-probe.js, preloaded),
 * then writes bench/SOAK.md (bench/soak-report.ts): first-window vs last-window figures and the
 * slope after warm-up.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Client } from 'pg';
import { startMediaOrigin } from '../test/fakes/media-origin';
import { png } from '../test/fakes/media-samples';
import { startRedisServer } from '../test/utils/redis-server';
import { freePort, spawnSoku, waitHealthy, type SokuProcess } from '../test/utils/soku-process';
import { rssBytes } from './harness';
import { report, type Publishing } from './soak-report';
import { probeSamples, type Sample } from './soak-stats';
import { ratesAt, Traffic } from './soak-traffic';
import { runBench } from './support';

const SECONDS = Number(process.env.SOKU_SOAK_SECONDS ?? 600);
const SAMPLE_MS = 5_000;
/** Scales every kind of request (SOKU_SOAK_RATE, default 1): lower it when others share the cores. */
const SCALE = Number(process.env.SOKU_SOAK_RATE ?? 1);
const WINDOW_S = Math.min(60, SECONDS / 4);
const REPORT = path.join(__dirname, 'SOAK.md');

async function main(): Promise<void> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'soku-soak-'));
  fs.chmodSync(dataDir, 0o755); // the embedded cluster runs as the postgres user
  const probeDir = fs.mkdtempSync(path.join(os.tmpdir(), 'soku-soak-probe-'));
  const redis = process.env.REDIS_URL ? undefined : await startRedisServer();
  const origin = await startMediaOrigin();
  origin.serve('/photo.png', png(640, 480), { type: 'image/png' });
  const pgPort = await freePort();
  const env: Record<string, string> = {
    NODE_ENV: 'production',
    LOG_LEVEL: 'warn',
    SOKU_DATA_DIR: dataDir,
    SOKU_EMBEDDED_PG_PORT: String(pgPort),
    REDIS_URL: process.env.REDIS_URL ?? redis!.url,
    SOKU_QUEUE_PREFIX: `soak${Date.now()}`,
    SOKU_RATE_LIMIT_ENABLED: 'false',
    SOKU_MEDIA_ALLOWED_HOSTS: '127.0.0.1',
    SOKU_MEDIA_SIGNING_SECRET: 'soak-signing-secret-of-at-least-32-characters',
    NODE_OPTIONS: `--require ${path.join(__dirname, 'soak-probe.js')}`,
    SOKU_SOAK_PROBE_DIR: probeDir,
    SOKU_SOAK_PROBE_INTERVAL_MS: String(SAMPLE_MS),
  };
  const processes: { name: string; proc: SokuProcess }[] = [];
  try {
    const api = await spawnSoku({ ...env, SOKU_ROLE: 'api' });
    processes.push({ name: 'api', proc: api });
    await waitHealthy(api);
    const apiKey = /API key \(shown once\): (\S+)/.exec(api.output())?.[1];
    if (!apiKey) {
      throw new Error(`the first run printed no demo API key:\n${api.output()}`);
    }
    for (const name of ['worker 1', 'worker 2']) {
      processes.push({ name, proc: await spawnSoku({ ...env, SOKU_ROLE: 'worker' }) });
    }
    const base = `http://127.0.0.1:${api.port}`;
    const rates = ratesAt(SCALE);
    const traffic = new Traffic(base, apiKey, origin.url('/photo.png'), rates);

    const rss = new Map<string, Sample[]>(processes.map(({ name }) => [name, []]));
    const sampler = setInterval(() => {
      for (const { name, proc } of processes) {
        const bytes = rssBytes(proc.child.pid!);
        if (bytes !== undefined) {
          rss.get(name)!.push({ t: Date.now(), rss: bytes });
        }
      }
    }, SAMPLE_MS);
    const started = Date.now();
    process.stdout.write(`soak: ${SECONDS} s of traffic against ${base}\n`);
    await traffic.run(SECONDS * 1000, (elapsed) =>
      process.stdout.write(`  ${Math.round(elapsed / 1000)} s: ${traffic.summary()}\n`),
    );
    clearInterval(sampler);
    const publishing = await settle(dataDir, pgPort);
    for (const { proc } of processes) {
      if (proc.child.exitCode !== null) {
        throw new Error(`a Soku process exited during the soak:\n${proc.output()}`);
      }
    }

    const text = report({
      seconds: SECONDS,
      sampleMs: SAMPLE_MS,
      windowS: WINDOW_S,
      scale: SCALE,
      rates,
      redisUrl: env.REDIS_URL,
      started,
      processes: processes.map(({ name }) => name),
      rss,
      probes: new Map(
        processes.map(({ name, proc }) => [name, probeSamples(probeDir, proc.child.pid!)]),
      ),
      calls: traffic.calls,
      publishing,
    });
    fs.writeFileSync(REPORT, text);
    process.stdout.write(`wrote ${REPORT}\n`);
  } finally {
    for (const { proc } of processes) {
      proc.child.kill('SIGTERM');
      await proc.exited;
    }
    await origin.close();
    await redis?.kill();
    fs.rmSync(probeDir, { recursive: true, force: true });
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

/** Waits (at most 2 minutes) for every run to be terminal, then counts what was published. */
async function settle(dataDir: string, port: number): Promise<Publishing> {
  const credentials = JSON.parse(
    fs.readFileSync(path.join(dataDir, 'postgres.credentials.json'), 'utf8'),
  ) as { user: string; password: string };
  const client = new Client({ host: '127.0.0.1', port, database: 'soku', ...credentials });
  await client.connect();
  try {
    const deadline = Date.now() + 120_000;
    for (;;) {
      const pending = await client.query<{ n: number }>(
        `SELECT count(*)::int AS n FROM post_runs WHERE status IN ('queued', 'processing')`,
      );
      if (pending.rows[0].n === 0 || Date.now() > deadline) {
        break;
      }
      await new Promise((resolve) => setTimeout(resolve, 500));
    }
    const runs = await client.query<{ status: string; n: number }>(
      'SELECT status, count(*)::int AS n FROM post_runs GROUP BY status',
    );
    const totals = await client.query<{ submissions: number; published: number; doubled: number }>(
      `SELECT (SELECT count(*)::int FROM post_submissions) AS submissions,
              (SELECT count(*)::int FROM sandbox_posts) AS published,
              (SELECT count(*)::int FROM (SELECT run_id FROM sandbox_posts GROUP BY run_id
                                           HAVING count(*) > 1) d) AS doubled`,
    );
    return {
      ...totals.rows[0],
      runs: Object.fromEntries(runs.rows.map((row) => [row.status, row.n])),
    };
  } finally {
    await client.end();
  }
}

runBench(main);
