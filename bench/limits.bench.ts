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
import { randomUUID } from 'node:crypto';
import { ApiKeysService } from '../src/modules/api-keys';
import { ApiKeyAuth, UsersService } from '../src/modules/auth';
import { IdempotencyModule, Idempotent } from '../src/modules/idempotency';
import { RateLimitClock, RateLimited } from '../src/modules/rate-limits';
import {
  autocannon,
  benchDatabase,
  machineLoad,
  recordResult,
  startSoku,
  type LoadResult,
  type RunningApp,
  runBench,
} from './support';

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

@Module({ imports: [IdempotencyModule], controllers: [BenchController] })
class BenchModule {}

async function startApp(databaseUrl: string, env: Record<string, string>): Promise<RunningApp> {
  const running = await startSoku(databaseUrl, env, [BenchModule]);
  const clock = running.app.get(RateLimitClock);
  const start = Date.now();
  clock.now = () => start + (Date.now() - start) * 100_000;
  return running;
}

function load(url: string, apiKey: string): Promise<LoadResult> {
  return autocannon(url, {
    connections: CONNECTIONS,
    seconds: DURATION_S,
    method: 'POST',
    headers: { 'content-type': 'application/json', 'soku-api-key': apiKey },
    body: JSON.stringify({ text: 'Hello from the benchmark', nonce: '[<id>]' }),
  });
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[values.length >> 1];

async function main(): Promise<void> {
  const db = await benchDatabase();
  const databaseUrl = db.url;
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
      await load(url, apiKey);
    }
    const results = new Map<string, LoadResult[]>(cases.map(([name]) => [name, []]));
    for (let round = 0; round < ROUNDS; round++) {
      for (const [name, url] of cases) {
        results.get(name)!.push(await load(url, apiKey));
      }
    }

    const base = median(results.get(cases[0][0])!.map((r) => r.rps));
    process.stdout.write(
      `limits: ${CONNECTIONS} connections, ${DURATION_S} s x ${ROUNDS} rounds (median), POST with a unique JSON body; ` +
        `${machineLoad()}\n`,
    );
    for (const [name] of cases.slice(1)) {
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
      recordResult({
        scenario: `Rate limiter: ${name} vs the same handler without (${CONNECTIONS} connections)`,
        ours: `${rps.toFixed(0)} req/s, +${overheadUs.toFixed(0)} µs/request`,
        baseline: `${base.toFixed(0)} req/s`,
        ratio: rps / base,
        target: 'none in DESIGN.md (cost is reported)',
        pass: non2xx === 0 ? undefined : false,
      });
    }
  } finally {
    for (const app of apps) {
      await app.close();
    }
    await db.stop();
  }
}

runBench(main);
