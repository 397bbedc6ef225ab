/**
 * What the rate limiter and idempotency cost per request: the same API-key POST handler served
 * three ways, in the same run, against the same PostgreSQL:
 *   baseline   an app with rate limiting switched off, handler without @RateLimited/@Idempotent
 *   limiter    the global tier + @RateLimited('posts.create')
 *   limiter+idempotency   the same + @Idempotent() (one claim INSERT and one UPDATE per request)
 * Every request has a unique body (autocannon's [<id>]), so each is a first request, never a
 * replay. The limiter's clock runs 100 000x fast so buckets never run dry: each request still
 * takes a token through the full store round trip (with REDIS_URL set, also through Redis).
 */
import 'reflect-metadata';
import { Body, Controller, Module, Post } from '@nestjs/common';
import type { INestApplication } from '@nestjs/common';
import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import * as fs from 'node:fs';
import type { Server } from 'node:http';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import { createApp } from '../src/app.factory';
import { createLogger } from '../src/common/logging/logger';
import { loadConfig } from '../src/config/soku-config';
import { EmbeddedPostgres } from '../src/database/embedded/embedded-postgres';
import { ApiKeysService } from '../src/modules/api-keys/api-keys.service';
import { ApiKeyAuth } from '../src/modules/auth/decorators/api-key-auth.decorator';
import { UsersService } from '../src/modules/auth/users.service';
import { Idempotent } from '../src/modules/idempotency/idempotent.decorator';
import { RateLimitClock } from '../src/modules/rate-limits/rate-limit.clock';
import { RateLimited } from '../src/modules/rate-limits/rate-limited.decorator';

const CONNECTIONS = 50;
const DURATION_S = Number(process.env.BENCH_DURATION_S ?? 6);
const ROUNDS = 2;

@Controller('bench')
class BenchController {
  private handle(body: Record<string, unknown>) {
    return { id: randomUUID(), received: body };
  }

  @Post('plain')
  @ApiKeyAuth()
  plain(@Body() body: Record<string, unknown>) {
    return this.handle(body);
  }

  @Post('limited')
  @ApiKeyAuth()
  @RateLimited('posts.create')
  limited(@Body() body: Record<string, unknown>) {
    return this.handle(body);
  }

  @Post('idempotent')
  @ApiKeyAuth()
  @RateLimited('posts.create')
  @Idempotent()
  idempotent(@Body() body: Record<string, unknown>) {
    return this.handle(body);
  }
}

@Module({ controllers: [BenchController] })
class BenchModule {}

interface Result {
  rps: number;
  p99: number;
  non2xx: number;
}

async function freePort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

async function startApp(databaseUrl: string, env: Record<string, string>) {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'soku-bench-'));
  const config = loadConfig({
    NODE_ENV: 'production',
    LOG_LEVEL: 'silent',
    SOKU_DATA_DIR: dataDir,
    DATABASE_URL: databaseUrl,
    DATABASE_POOL_SIZE: '20',
    ...env,
  });
  const app = await createApp(config, createLogger(config.app), { imports: [BenchModule] });
  await app.listen(0, '127.0.0.1');
  const clock = app.get(RateLimitClock);
  const start = Date.now();
  clock.now = () => start + (Date.now() - start) * 100_000;
  const { port } = (app.getHttpServer() as Server).address() as net.AddressInfo;
  return { app, url: `http://127.0.0.1:${port}` };
}

/** autocannon in its own process, so the load generator does not share the server's loop. */
function autocannon(url: string, apiKey: string): Promise<Result> {
  const args = [
    require.resolve('autocannon/autocannon.js'),
    '-c',
    String(CONNECTIONS),
    '-d',
    String(DURATION_S),
    '-m',
    'POST',
    '-H',
    'content-type=application/json',
    '-H',
    `soku-api-key=${apiKey}`,
    '-b',
    JSON.stringify({ text: 'Hello from the benchmark', nonce: '[<id>]' }),
    '-I',
    '-j',
    url,
  ];
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'ignore'] });
    let out = '';
    child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
    child.on('error', reject);
    child.on('exit', () => {
      try {
        const json = JSON.parse(out) as {
          requests: { average: number };
          latency: { p99: number };
          non2xx: number;
        };
        resolve({ rps: json.requests.average, p99: json.latency.p99, non2xx: json.non2xx });
      } catch (error) {
        reject(new Error(`autocannon gave no result: ${(error as Error).message}`));
      }
    });
  });
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[values.length >> 1];

async function main(): Promise<void> {
  const owned = !process.env.BENCH_DATABASE_URL;
  const pgDir = fs.mkdtempSync(path.join(os.tmpdir(), 'soku-bench-pg-'));
  fs.chmodSync(pgDir, 0o755); // the embedded cluster runs as the postgres user
  const pg = owned
    ? await new EmbeddedPostgres({
        dataDir: pgDir,
        port: await freePort(),
        database: 'soku_bench',
        ephemeral: true,
      }).start()
    : undefined;
  const databaseUrl = process.env.BENCH_DATABASE_URL ?? pg!.url;
  const apps: INestApplication[] = [];
  try {
    const baseline = await startApp(databaseUrl, { SOKU_RATE_LIMIT_ENABLED: 'false' });
    const guarded = await startApp(databaseUrl, {});
    apps.push(baseline.app, guarded.app);
    const redis = process.env.REDIS_URL
      ? await startApp(databaseUrl, { REDIS_URL: process.env.REDIS_URL })
      : undefined;
    if (redis) {
      apps.push(redis.app);
    }

    const users = guarded.app.get(UsersService);
    const user = await users.createLocal(`bench-${Date.now()}@example.test`, false);
    await users.setSubscription(user.id, 'active', new Date(Date.now() + 86_400_000));
    const { apiKey } = await guarded.app.get(ApiKeysService).create(user.id, 'bench');

    const cases: [string, string][] = [
      ['baseline (no limiter, no idempotency)', `${baseline.url}/bench/plain`],
      ['limiter (global tier + endpoint)', `${guarded.url}/bench/limited`],
      ['limiter + idempotency', `${guarded.url}/bench/idempotent`],
    ];
    if (redis) {
      cases.push(['limiter + idempotency, Redis store', `${redis.url}/bench/idempotent`]);
    }
    // Warm-up: JIT, connection pools, prepared plans.
    for (const [, url] of cases) {
      await autocannon(url, apiKey);
    }
    const results = new Map<string, Result[]>(cases.map(([name]) => [name, []]));
    for (let round = 0; round < ROUNDS; round++) {
      for (const [name, url] of cases) {
        results.get(name)!.push(await autocannon(url, apiKey));
      }
    }

    const base = median(results.get(cases[0][0])!.map((r) => r.rps));
    process.stdout.write(
      `limits: ${CONNECTIONS} connections, ${DURATION_S} s x ${ROUNDS} rounds (median), POST with a unique JSON body; ` +
        `load average ${os.loadavg()[0].toFixed(1)} on ${os.cpus().length} CPUs\n`,
    );
    for (const [name] of cases) {
      const runs = results.get(name)!;
      const rps = median(runs.map((r) => r.rps));
      const p99 = median(runs.map((r) => r.p99));
      const non2xx = runs.reduce((sum, r) => sum + r.non2xx, 0);
      // The server is one event loop: at saturation, 1/throughput is its time per request.
      const overheadUs = (1 / rps - 1 / base) * 1e6;
      process.stdout.write(
        `  ${name.padEnd(40)} ${rps.toFixed(0).padStart(7)} req/s  p99 ${String(p99).padStart(4)} ms  ` +
          `ratio ${(rps / base).toFixed(2)}  +${overheadUs.toFixed(0).padStart(5)} µs/request` +
          (non2xx > 0 ? `  (${non2xx} non-2xx!)` : '') +
          '\n',
      );
    }
  } finally {
    for (const app of apps) {
      await app.close();
    }
    await pg?.stop();
    fs.rmSync(pgDir, { recursive: true, force: true });
  }
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    process.stderr.write(`${(error as Error).stack ?? String(error)}\n`);
    process.exit(1);
  },
);
