import 'reflect-metadata';
import * as fs from 'node:fs';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import { Worker } from 'node:worker_threads';
import { createApp } from '../src/app.factory';
import { createLogger } from '../src/common/logging/logger';
import { loadConfig } from '../src/config/soku-config';
import { resolveDatabase } from '../src/database/embedded/resolve-database';
import { FirstRunService } from '../src/modules/auth';
import { freePort, recordResult, runBench } from './support';

/**
 * Templates: tweetImage at 1200×630 through POST /v1/templates (validation, worker pool,
 * storage, media row) against a bare satori + resvg render of the same markup on one thread, in
 * the same run; the cached path; and GET /health latency while renders run. Bounded counts,
 * loopback only.
 */
const RENDERS = 60;
const CACHED = 1_000;
const BURST = 40;

const tweet = (i: number): Record<string, string> => ({
  title: 'Big Announcement',
  author: '@mybrand',
  handle: '@mybrand',
  content: `We just launched our new product! Render number ${i} of the benchmark, with wrapping text.`,
});

async function main(): Promise<void> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'soku-bench-templates-'));
  // Embedded PostgreSQL runs as its own OS user, which must be able to enter the folder.
  fs.chmodSync(dataDir, 0o755);
  const config = loadConfig({
    ...process.env,
    SOKU_DATA_DIR: dataDir,
    SOKU_EMBEDDED_PG_PORT: String(await freePort()),
    LOG_LEVEL: 'silent',
    // Rendering is measured here, not the limiter (POST /v1/templates allows 20 a minute).
    SOKU_RATE_LIMIT_ENABLED: 'false',
  });
  const logger = createLogger(config.app);
  const database = await resolveDatabase(config, logger);
  const app = await createApp(database.config, logger);
  await app.listen(0, '127.0.0.1');
  try {
    const server = app.getHttpServer() as http.Server;
    const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    const { apiKey } = (await app.get(FirstRunService).ensureDemoUser())!;
    const render = async (i: number): Promise<void> => {
      const res = await call(base, 'POST', '/v1/templates', apiKey, {
        templateSlug: 'tweetImage',
        config: tweet(i),
      });
      if (res.status !== 200) {
        throw new Error(`POST /v1/templates answered ${res.status}: ${res.body}`);
      }
    };

    // Warm both paths: worker threads and fonts, satori's caches on this thread.
    const bare = bareRenderer();
    for (let i = 0; i < 5; i++) {
      await bare.render(-1 - i);
    }
    await Promise.all(
      Array.from({ length: config.templates.renderThreads * 2 }, (_, i) => render(-100 - i)),
    );

    const bareRun = await measure(RENDERS, 1, (i) => bare.render(i));
    await bare.close();
    const apiRun = await measure(RENDERS, config.templates.renderThreads, (i) => render(i));
    const cached = await measure(CACHED, 1, () => render(0));
    const health = await healthDuringBurst(base, () =>
      measure(BURST, config.templates.renderThreads * 4, (i) => render(10_000 + i)),
    );

    const line = (name: string, run: Run): string =>
      `${name.padEnd(44)} ${run.perSecond.toFixed(1).padStart(7)} renders/s  p50 ${run.p50.toFixed(1)} ms  p99 ${run.p99.toFixed(1)} ms`;
    console.log(
      `tweetImage 1200×630, ${os.availableParallelism()} cores, ${config.templates.renderThreads} render threads`,
    );
    console.log(line('bare satori + resvg (one thread)', bareRun));
    console.log(line(`POST /v1/templates (concurrency ${config.templates.renderThreads})`, apiRun));
    const ratio = apiRun.perSecond / bareRun.perSecond;
    recordResult({
      scenario: `Templates: tweetImage 1200×630 through POST /v1/templates (${config.templates.renderThreads} render threads) vs bare satori + resvg on one thread`,
      ours: `${apiRun.perSecond.toFixed(1)} renders/s`,
      baseline: `${bareRun.perSecond.toFixed(1)} renders/s`,
      ratio,
      target: 'ratio >= 0.80',
      pass: ratio >= 0.8,
    });
    recordResult({
      scenario: 'Templates: cached POST /v1/templates (same render again)',
      ours: `p99 ${cached.p99.toFixed(1)} ms (p50 ${cached.p50.toFixed(1)} ms)`,
      baseline: `uncached p50 ${apiRun.p50.toFixed(1)} ms`,
      target: 'p99 <= 10 ms',
      pass: cached.p99 <= 10,
    });
    recordResult({
      scenario: `Templates: GET /health during a ${BURST}-render burst (${health.count} requests)`,
      ours: `p99 ${health.p99.toFixed(1)} ms (p50 ${health.p50.toFixed(1)} ms)`,
      baseline: '-',
      target: 'p99 < 20 ms',
      pass: health.p99 < 20,
    });
  } finally {
    await app.close();
    await database.embedded?.stop();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

/** The bare baseline on a thread of its own (bench/bare-render.worker.ts), one render at a time. */
function bareRenderer(): { render(i: number): Promise<void>; close(): Promise<number> } {
  const entry = path.join(__dirname, 'bare-render.worker.ts');
  const worker = new Worker(
    `require('ts-node').register({ transpileOnly: true }); require(${JSON.stringify(entry)});`,
    { eval: true },
  );
  let pending: { resolve(): void; reject(error: Error): void } | undefined;
  worker.on('message', () => pending?.resolve());
  worker.on('error', (error) => pending?.reject(error));
  return {
    render: (i) =>
      new Promise((resolve, reject) => {
        pending = { resolve, reject };
        worker.postMessage(tweet(i));
      }),
    close: () => worker.terminate(),
  };
}

interface Run {
  count: number;
  perSecond: number;
  p50: number;
  p99: number;
}

async function measure(
  count: number,
  concurrency: number,
  task: (i: number) => Promise<void>,
): Promise<Run> {
  const latencies: number[] = [];
  let next = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < count) {
        const i = next++;
        const t0 = performance.now();
        await task(i);
        latencies.push(performance.now() - t0);
      }
    }),
  );
  return summarize(latencies, performance.now() - started);
}

/** Polls /health back to back for as long as the burst runs. */
async function healthDuringBurst(base: string, burst: () => Promise<Run>): Promise<Run> {
  const latencies: number[] = [];
  let running = true;
  const poller = (async () => {
    while (running) {
      const t0 = performance.now();
      await call(base, 'GET', '/health');
      latencies.push(performance.now() - t0);
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
  })();
  const started = performance.now();
  await burst();
  running = false;
  await poller;
  return summarize(latencies, performance.now() - started);
}

function summarize(latencies: number[], elapsedMs: number): Run {
  const sorted = [...latencies].sort((a, b) => a - b);
  const at = (q: number): number =>
    sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
  return {
    count: sorted.length,
    perSecond: (sorted.length / elapsedMs) * 1000,
    p50: at(0.5),
    p99: at(0.99),
  };
}

/** One request on its own connection, so no request waits behind another on a socket. */
function call(
  base: string,
  method: string,
  route: string,
  apiKey?: string,
  body?: object,
): Promise<{ status: number; body: string }> {
  const payload = body === undefined ? undefined : JSON.stringify(body);
  return new Promise((resolve, reject) => {
    const req = http.request(
      `${base}${route}`,
      {
        method,
        agent: false,
        headers: {
          ...(apiKey ? { 'soku-api-key': apiKey } : {}),
          ...(payload ? { 'content-type': 'application/json' } : {}),
        },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () =>
          resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString() }),
        );
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end(payload);
  });
}

runBench(main);
