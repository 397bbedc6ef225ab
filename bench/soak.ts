/**
 * `npm run soak`: the built server (`dist/main.js`) as one API process and two worker processes
 * on an embedded PostgreSQL and Bull on Redis, under steady mixed traffic (posts, reads, media
 * imports, template renders) for SOKU_SOAK_SECONDS (default 600). Samples each process's RSS
 * (/proc/<pid>/status) and event-loop delay (bench/soak-probe.js, preloaded), then writes
 * bench/SOAK.md: first-window vs last-window figures and the slope after warm-up.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Client } from 'pg';
import { startMediaOrigin } from '../test/fakes/media-origin';
import { png } from '../test/fakes/media-samples';
import { startRedisServer } from '../test/utils/redis-server';
import { freePort, spawnSoku, waitHealthy, type SokuProcess } from '../test/utils/soku-process';
import { machineDetails, percentile } from './support';

const SECONDS = Number(process.env.SOKU_SOAK_SECONDS ?? 600);
const SAMPLE_MS = 5_000;
/**
 * Requests per second of each kind, times SOKU_SOAK_RATE (default 1): steady, and under what two
 * shared cores serve; lower it when other work competes for the cores.
 */
const SCALE = Number(process.env.SOKU_SOAK_RATE ?? 1);
const RATES = { post: 4 * SCALE, read: 8 * SCALE, media: 1 * SCALE, template: 0.5 * SCALE };
type Operation = keyof typeof RATES;
const WINDOW_S = Math.min(60, SECONDS / 4);
const REPORT = path.join(__dirname, 'SOAK.md');

export interface Sample {
  t: number;
  rss: number;
  heapUsed?: number;
  lagP50?: number;
  lagP99?: number;
  lagMax?: number;
}

interface Call {
  t: number;
  op: Operation;
  status: number;
  ms: number;
}

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
    const traffic = new Traffic(base, apiKey, origin.url('/photo.png'));

    const samples = new Map<string, Sample[]>(processes.map(({ name }) => [name, []]));
    const sampler = setInterval(() => {
      for (const { name, proc } of processes) {
        const rss = rssOf(proc.child.pid!);
        if (rss !== undefined) {
          samples.get(name)!.push({ t: Date.now(), rss });
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

    const probes = readProbes(probeDir, processes);
    fs.writeFileSync(
      REPORT,
      report(started, processes, samples, probes, traffic.calls, publishing, env.REDIS_URL),
    );
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

/** Fires each kind of request on its own steady schedule; never waits for one to answer. */
class Traffic {
  readonly calls: Call[] = [];
  private readonly postIds: string[] = [];
  private sequence = 0;

  constructor(
    private readonly base: string,
    private readonly apiKey: string,
    private readonly mediaUrl: string,
  ) {}

  async run(durationMs: number, progress: (elapsedMs: number) => void): Promise<void> {
    const started = Date.now();
    const inFlight = new Set<Promise<void>>();
    const next = Object.fromEntries(Object.keys(RATES).map((op) => [op, started])) as Record<
      Operation,
      number
    >;
    let lastProgress = started;
    while (Date.now() - started < durationMs) {
      const now = Date.now();
      for (const op of Object.keys(RATES) as Operation[]) {
        while (next[op] <= now) {
          next[op] += 1000 / RATES[op];
          const call = this.call(op).finally(() => inFlight.delete(call));
          inFlight.add(call);
        }
      }
      if (now - lastProgress >= 60_000) {
        lastProgress = now;
        progress(now - started);
      }
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    await Promise.all(inFlight);
  }

  summary(): string {
    const failed = this.calls.filter((call) => !isExpected(call)).length;
    return `${this.calls.length} requests, ${failed} unexpected answers`;
  }

  private async call(op: Operation): Promise<void> {
    const n = ++this.sequence;
    const t = Date.now();
    let status = 0;
    try {
      const res = await this.request(op, n);
      status = res.status;
      const body = (await res.json()) as { postSubmissionId?: string };
      if (op === 'post' && body.postSubmissionId) {
        this.postIds.push(body.postSubmissionId);
      }
    } catch {
      // no answer within the deadline, or the connection failed: recorded as status 0
    }
    this.calls.push({ t, op, status, ms: Date.now() - t });
  }

  private request(op: Operation, n: number): Promise<Response> {
    switch (op) {
      case 'post':
        return this.send('POST', '/v1/posts', {
          post: { content: { text: `Soak post ${n}`, platform: ['x', 'threads'] } },
        });
      case 'media':
        return this.send('POST', '/v1/media', { url: this.mediaUrl });
      case 'template':
        return this.send('POST', '/v1/templates', {
          templateSlug: 'tweetImage',
          config: { title: 'Soak', author: '@soak', content: `Render ${n} of the soak.` },
        });
      case 'read': {
        const id = this.postIds[n % Math.max(1, this.postIds.length)];
        const reads = ['/v1/posts?limit=20', id ? `/v1/posts/${id}` : '/health', '/v1/media'];
        return this.send('GET', reads[n % reads.length]);
      }
    }
  }

  private send(method: string, route: string, body?: object): Promise<Response> {
    return fetch(`${this.base}${route}`, {
      method,
      headers: {
        'soku-api-key': this.apiKey,
        ...(body ? { 'content-type': 'application/json' } : {}),
      },
      body: body ? JSON.stringify(body) : undefined,
      signal: AbortSignal.timeout(30_000),
    });
  }
}

function isExpected(call: Call): boolean {
  return call.status >= 200 && call.status < 300;
}

function rssOf(pid: number): number | undefined {
  try {
    const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
    const kb = /VmRSS:\s+(\d+) kB/.exec(status)?.[1];
    return kb ? Number(kb) * 1024 : undefined;
  } catch {
    return undefined;
  }
}

interface Publishing {
  submissions: number;
  runs: Record<string, number>;
  published: number;
  doubled: number;
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

/** The probe's lines for each process, by pid. */
function readProbes(
  dir: string,
  processes: { name: string; proc: SokuProcess }[],
): Map<string, Sample[]> {
  const byName = new Map<string, Sample[]>();
  for (const { name, proc } of processes) {
    const file = path.join(dir, `${proc.child.pid}.jsonl`);
    const lines = fs.existsSync(file) ? fs.readFileSync(file, 'utf8').trim().split('\n') : [];
    byName.set(
      name,
      lines.filter(Boolean).map((line) => JSON.parse(line) as Sample),
    );
  }
  return byName;
}

const mb = (bytes: number): string => (bytes / 1024 / 1024).toFixed(1);
export const mean = (values: number[]): number =>
  values.length === 0 ? NaN : values.reduce((sum, v) => sum + v, 0) / values.length;

/** Least-squares slope of `value` per minute over the samples. */
export function slopePerMinute(samples: Sample[], value: (s: Sample) => number): number {
  if (samples.length < 2) {
    return NaN;
  }
  const xs = samples.map((s) => s.t / 60_000);
  const ys = samples.map(value);
  const mx = mean(xs);
  const my = mean(ys);
  const num = xs.reduce((sum, x, i) => sum + (x - mx) * (ys[i] - my), 0);
  const den = xs.reduce((sum, x) => sum + (x - mx) ** 2, 0);
  return num / den;
}

function windows<T extends { t: number }>(items: T[], started: number, ended: number) {
  return {
    first: items.filter((item) => item.t < started + WINDOW_S * 1000),
    last: items.filter((item) => item.t >= ended - WINDOW_S * 1000),
    afterWarmUp: items.filter((item) => item.t >= started + WINDOW_S * 1000),
  };
}

/** Ten intervals across the run. */
const SERIES_S = Math.max(1, Math.round(SECONDS / 10));

function seriesHeads(started: number, ended: number): string[] {
  const heads: string[] = [];
  for (let t = started; t < ended; t += SERIES_S * 1000) {
    heads.push(`${Math.round((t - started) / 1000)} s`);
  }
  return heads;
}

function series(samples: Sample[], started: number, ended: number): number[] {
  const values: number[] = [];
  for (let t = started; t < ended; t += SERIES_S * 1000) {
    values.push(
      mean(samples.filter((s) => s.t >= t && s.t < t + SERIES_S * 1000).map((s) => s.rss)),
    );
  }
  return values;
}

function report(
  started: number,
  processes: { name: string; proc: SokuProcess }[],
  rss: Map<string, Sample[]>,
  probes: Map<string, Sample[]>,
  calls: Call[],
  publishing: Publishing,
  redisUrl: string,
): string {
  const ended = started + SECONDS * 1000;
  const out: string[] = [
    '# Soak report',
    '',
    machineDetails('as the soak ended (1, 5, 15 min: the last spans most of the soak)'),
    '',
    `\`npm run soak\` with SOKU_SOAK_SECONDS=${SECONDS}: the built server as one API process ` +
      `(SOKU_ROLE=api) and two worker processes (SOKU_ROLE=worker), embedded PostgreSQL, Bull on ` +
      `Redis (${redisUrl.replace(/\/\/.*@/, '//')}), rate limits off. Steady traffic per second: ` +
      `(SOKU_SOAK_RATE=${SCALE}) ${RATES.post} POST /v1/posts (2 sandbox targets each), ${RATES.read} reads ` +
      `(GET /v1/posts, GET /v1/posts/:id, GET /v1/media), ${RATES.media} POST /v1/media import ` +
      `from a loopback origin, ${RATES.template} POST /v1/templates (unique text, so every one ` +
      `renders). RSS from /proc/<pid>/status every ${SAMPLE_MS / 1000} s; heap and event-loop ` +
      `delay from bench/soak-probe.js preloaded into each process. "First" and "last" are the ` +
      `first and last ${WINDOW_S} s; the slope is a least-squares fit over everything after the ` +
      `first ${WINDOW_S} s (warm-up: JIT, pools, caches).`,
    '',
    'The machine has 2 cores shared with other jobs running at the same time; latencies and ' +
      'delays include that contention.',
    '',
    '## Memory and event loop',
    '',
    '| process | RSS first (MB) | RSS last (MB) | RSS slope (MB/min) | heap first (MB) | heap last (MB) | heap slope (MB/min) | loop delay p99 first (ms) | loop delay p99 last (ms) | loop delay max (ms) |',
    '|---|---|---|---|---|---|---|---|---|---|',
  ];
  for (const { name } of processes) {
    const r = windows(rss.get(name)!, started, ended);
    const p = windows(probes.get(name)!, started, ended);
    const heap = (s: Sample) => s.heapUsed ?? 0;
    const lag = (s: Sample) => s.lagP99 ?? 0;
    out.push(
      `| ${name} | ${mb(mean(r.first.map((s) => s.rss)))} | ${mb(mean(r.last.map((s) => s.rss)))} | ` +
        `${mb(slopePerMinute(r.afterWarmUp, (s) => s.rss))} | ${mb(mean(p.first.map(heap)))} | ` +
        `${mb(mean(p.last.map(heap)))} | ${mb(slopePerMinute(p.afterWarmUp, heap))} | ` +
        `${mean(p.first.map(lag)).toFixed(1)} | ${mean(p.last.map(lag)).toFixed(1)} | ` +
        `${Math.max(...probes.get(name)!.map((s) => s.lagMax ?? 0)).toFixed(0)} |`,
    );
  }
  out.push(
    '',
    `RSS (MB) every ${SERIES_S} s, mean of the samples in each interval:`,
    '',
    `| process | ${seriesHeads(started, ended).join(' | ')} |`,
    `|---|${seriesHeads(started, ended)
      .map(() => '---')
      .join('|')}|`,
    ...processes.map(
      ({ name }) =>
        `| ${name} | ${series(rss.get(name)!, started, ended)
          .map((v) => (Number.isNaN(v) ? '-' : mb(v)))
          .join(' | ')} |`,
    ),
  );
  out.push(
    '',
    '## Requests',
    '',
    '| operation | requests | non-2xx | p50 first (ms) | p99 first (ms) | p50 last (ms) | p99 last (ms) |',
    '|---|---|---|---|---|---|---|',
  );
  for (const op of Object.keys(RATES) as Operation[]) {
    const mine = calls.filter((call) => call.op === op);
    const w = windows(mine, started, ended);
    const ms = (list: Call[], p: number) =>
      list.length
        ? String(
            percentile(
              list.map((c) => c.ms),
              p,
            ),
          )
        : '-';
    const failed = mine.filter((call) => !isExpected(call));
    const statuses = [...new Set(failed.map((call) => call.status))].join(', ');
    out.push(
      `| ${op} | ${mine.length} | ${failed.length}${statuses ? ` (${statuses})` : ''} | ` +
        `${ms(w.first, 50)} | ${ms(w.first, 99)} | ${ms(w.last, 50)} | ${ms(w.last, 99)} |`,
    );
  }
  out.push(
    '',
    '## Publishing',
    '',
    `${publishing.submissions} submissions; runs by status after the traffic stopped: ` +
      `${JSON.stringify(publishing.runs)}; ${publishing.published} sandbox publishes, ` +
      `${publishing.doubled} runs published more than once.`,
    '',
  );
  return out.join('\n');
}

// Run by `npm run soak`; the API-memory bench imports its figures.
if (require.main === module) {
  main().then(
    () => process.exit(0),
    (error: unknown) => {
      process.stderr.write(`${(error as Error).stack ?? String(error)}\n`);
      process.exit(1);
    },
  );
}
