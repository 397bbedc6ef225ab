import autocannon from 'autocannon';
import { spawn } from 'node:child_process';

/**
 * A load generator in its own process (so it does not share the server's event loop), and the
 * CPU the server spent on the requests it served: µs/request from /proc, which other work on
 * the shared cores does not inflate the way it inflates wall-clock rates.
 */
export interface LoadOptions {
  url: string;
  connections: number;
  seconds: number;
  method?: string;
  headers?: Record<string, string>;
  /** `[<id>]` in it becomes a unique id per request (no idempotent replay). */
  body?: string;
  /** A new `X-Forwarded-For` client per request, so no per-client bucket ever runs dry. */
  clientPerRequest?: boolean;
  /** Requests per second over all connections; unset, as fast as the server answers. */
  rate?: number;
}

export interface Load {
  rps: number;
  p50: number;
  p99: number;
  total: number;
  non2xx: number;
}

export function load(options: LoadOptions): Promise<Load> {
  return new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      ['-r', 'ts-node/register/transpile-only', __filename, JSON.stringify(options)],
      { stdio: ['ignore', 'pipe', 'inherit'] },
    );
    let out = '';
    child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
    child.on('error', reject);
    child.on('exit', (code) => {
      try {
        resolve(JSON.parse(out) as Load);
      } catch {
        reject(new Error(`the load generator exited ${code} without a result: ${out}`));
      }
    });
  });
}

/** Runs `work` while measuring the CPU seconds process `pid` spends. */
export async function withCpu<T>(
  cpuOf: () => number,
  work: () => Promise<T>,
): Promise<{ result: T; cpu: number }> {
  const before = cpuOf();
  const result = await work();
  return { result, cpu: cpuOf() - before };
}

function clientAddress(n: number): string {
  return `10.${(n >> 16) & 255}.${(n >> 8) & 255}.${n & 255}`;
}

async function generate(options: LoadOptions): Promise<Load> {
  let client = 0;
  const result = await autocannon({
    url: options.url,
    connections: options.connections,
    duration: options.seconds,
    method: (options.method ?? 'GET') as 'GET',
    headers: options.headers,
    body: options.body,
    idReplacement: options.body?.includes('[<id>]') ?? false,
    overallRate: options.rate,
    requests: options.clientPerRequest
      ? [
          {
            setupRequest: (request) => ({
              ...request,
              headers: { ...request.headers, 'x-forwarded-for': clientAddress(++client) },
            }),
          },
        ]
      : undefined,
  });
  return {
    rps: result.requests.average,
    p50: result.latency.p50,
    p99: result.latency.p99,
    total: result.requests.total,
    non2xx: result.non2xx,
  };
}

if (require.main === module) {
  generate(JSON.parse(process.argv[2]) as LoadOptions).then(
    (result) => {
      process.stdout.write(JSON.stringify(result));
      process.exit(0);
    },
    (error: unknown) => {
      process.stderr.write(`${(error as Error).stack ?? String(error)}\n`);
      process.exit(1);
    },
  );
}
