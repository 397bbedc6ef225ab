import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import type { INestApplication, ModuleMetadata } from '@nestjs/common';
import type { Server } from 'node:http';
import { createApp } from '../src/app.factory';
import { createLogger } from '../src/common/logging/logger';
import { loadConfig } from '../src/config/soku-config';
import { EmbeddedPostgres } from '../src/database/embedded/embedded-postgres';

/** Shared by the benchmarks: a database, the real app on a port, and a load generator. */

export async function freePort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/** BENCH_DATABASE_URL, or a throwaway embedded PostgreSQL; `stop` cleans up what was started. */
export async function benchDatabase(): Promise<{ url: string; stop(): Promise<void> }> {
  if (process.env.BENCH_DATABASE_URL) {
    return { url: process.env.BENCH_DATABASE_URL, stop: () => Promise.resolve() };
  }
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'soku-bench-pg-'));
  fs.chmodSync(dir, 0o755); // the embedded cluster runs as the postgres user
  const pg = await new EmbeddedPostgres({
    dataDir: dir,
    port: await freePort(),
    database: 'soku_bench',
    ephemeral: true,
  }).start();
  return {
    url: pg.url,
    stop: async () => {
      await pg.stop();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

export interface RunningApp {
  app: INestApplication;
  url: string;
}

/** The real app (migrations run at boot) listening on a free loopback port. */
export async function startSoku(
  databaseUrl: string,
  env: Record<string, string> = {},
  imports: ModuleMetadata['imports'] = [],
): Promise<RunningApp> {
  const config = loadConfig({
    NODE_ENV: 'production',
    LOG_LEVEL: 'silent',
    SOKU_DATA_DIR: fs.mkdtempSync(path.join(os.tmpdir(), 'soku-bench-')),
    DATABASE_URL: databaseUrl,
    DATABASE_POOL_SIZE: '20',
    ...env,
  });
  const app = await createApp(config, createLogger(config.app), { imports });
  await app.listen(0, '127.0.0.1');
  const { port } = (app.getHttpServer() as Server).address() as net.AddressInfo;
  return { app, url: `http://127.0.0.1:${port}` };
}

export interface LoadResult {
  rps: number;
  p50: number;
  p99: number;
  non2xx: number;
}

/**
 * autocannon in its own process, so the load generator does not share the server's event loop.
 * `[<id>]` in the body becomes a unique id per request (no idempotent replay).
 */
export function autocannon(
  url: string,
  opts: {
    connections: number;
    seconds: number;
    method?: string;
    headers?: Record<string, string>;
    body?: string;
  },
): Promise<LoadResult> {
  const args = [
    require.resolve('autocannon/autocannon.js'),
    '-c',
    String(opts.connections),
    '-d',
    String(opts.seconds),
    '-m',
    opts.method ?? 'GET',
    '-j',
  ];
  for (const [name, value] of Object.entries(opts.headers ?? {})) {
    args.push('-H', `${name}=${value}`);
  }
  if (opts.body) {
    args.push('-b', opts.body, '-I');
  }
  args.push(url);
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'ignore'] });
    let out = '';
    child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
    child.on('error', reject);
    child.on('exit', () => {
      try {
        const json = JSON.parse(out) as {
          requests: { average: number };
          latency: { p50: number; p99: number };
          non2xx: number;
        };
        resolve({
          rps: json.requests.average,
          p50: json.latency.p50,
          p99: json.latency.p99,
          non2xx: json.non2xx,
        });
      } catch (error) {
        reject(new Error(`autocannon gave no result: ${(error as Error).message}`));
      }
    });
  });
}

export function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

/** One line of bench/REPORT.md: a figure of ours next to its in-run baseline and its target. */
export interface BenchResult {
  scenario: string;
  ours: string;
  baseline: string;
  /** ours / baseline, when both are rates of the same thing. */
  ratio?: number;
  target: string;
  /** Undefined when there is no target to meet. */
  pass?: boolean;
}

/**
 * Prints the result and, under `npm run bench` (which sets BENCH_RESULTS_FILE), hands it to the
 * runner for the report.
 */
export function recordResult(result: BenchResult): void {
  const verdict = result.pass === undefined ? '' : result.pass ? '  pass' : '  FAIL';
  process.stdout.write(
    `  ${result.scenario}: ${result.ours} (baseline ${result.baseline}` +
      `${result.ratio === undefined ? '' : `, ratio ${result.ratio.toFixed(2)}`}; target ${result.target})${verdict}\n`,
  );
  if (process.env.BENCH_RESULTS_FILE) {
    fs.appendFileSync(process.env.BENCH_RESULTS_FILE, `${JSON.stringify(result)}\n`);
  }
}

export function machineLoad(): string {
  return `load average ${os.loadavg()[0].toFixed(1)} on ${os.cpus().length} CPUs`;
}

/** The header of every report: what the figures were measured on, and when. */
export function machineDetails(loadWhen: string): string {
  const cpus = os.cpus();
  return [
    `- Date: ${new Date().toISOString()}`,
    `- CPU: ${cpus[0]?.model.trim() ?? 'unknown'}, ${cpus.length} cores`,
    `- RAM: ${(os.totalmem() / 1024 ** 3).toFixed(1)} GiB`,
    `- Node: ${process.version} on ${os.type()} ${os.release()}`,
    `- Load average ${loadWhen}: ${os
      .loadavg()
      .map((load) => load.toFixed(2))
      .join(' ')}`,
  ].join('\n');
}

/**
 * A bench file's entry point: exits 0 when `main` resolves (open handles such as pools must not
 * keep it alive), 1 with the stack when it throws.
 */
export function runBench(main: () => Promise<void>): void {
  main().then(
    () => process.exit(0),
    (error: unknown) => {
      process.stderr.write(`${(error as Error).stack ?? String(error)}\n`);
      process.exit(1);
    },
  );
}
