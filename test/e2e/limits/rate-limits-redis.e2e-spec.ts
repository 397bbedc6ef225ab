import { randomInt } from 'node:crypto';
import Redis from 'ioredis';
import type { Logger } from 'pino';
import request, { type Response } from 'supertest';
import { APP_LOGGER } from '../../../src/config/config.module';
import { MemoryRateLimitStore } from '../../../src/modules/rate-limits/memory-rate-limit.store';
import { RateLimitClock } from '../../../src/modules/rate-limits/rate-limit.clock';
import { RateLimitMetrics } from '../../../src/modules/rate-limits/rate-limit.metrics';
import { RedisRateLimitStore } from '../../../src/modules/rate-limits/redis-rate-limit.store';
import { createUser } from '../../utils/identity';
import { hasRedisServerBinary, type RedisServer, startRedisServer } from '../../utils/redis-server';
import { createTestApp, FAIL_FAST_REDIS, type TestApp } from '../../utils/test-app';
import { RateLimitSupportModule } from './limits-support.module';

const describeWithRedis = process.env.REDIS_URL ? describe : describe.skip;
const T0 = Date.parse('2030-01-01T00:00:00.000Z');
const statuses = (responses: Response[]) => responses.map((r) => r.status);
const count = (responses: Response[], status: number) =>
  responses.filter((r) => r.status === status).length;

function freezeClock(t: TestApp, at: () => number): void {
  jest.spyOn(t.app.get(RateLimitClock), 'now').mockImplementation(at);
}

describeWithRedis('Rate limits shared by two instances through Redis', () => {
  let first: TestApp;
  let second: TestApp;
  let now = T0;

  beforeAll(async () => {
    const options = {
      imports: [RateLimitSupportModule],
      // Slow CI must not turn these into fail-open runs; that case has its own test below.
      env: { REDIS_URL: process.env.REDIS_URL, SOKU_RATE_LIMIT_REDIS_TIMEOUT_MS: '5000' },
    };
    first = await createTestApp(options);
    second = await createTestApp(options);
    freezeClock(first, () => now);
    freezeClock(second, () => now);
  });
  beforeEach(() => {
    now = T0;
  });
  afterEach(() => {
    expect(first.app.get(RateLimitMetrics).storeFailOpenTotal).toBe(0);
    expect(second.app.get(RateLimitMetrics).storeFailOpenTotal).toBe(0);
  });
  afterAll(async () => {
    await first.close();
    await second.close();
  });

  it('should let exactly 30 of 35 POSTs through, alternating between instances', async () => {
    const user = await createUser(first);
    const responses: Response[] = [];
    for (let i = 0; i < 35; i++) {
      const t = i % 2 === 0 ? first : second;
      responses.push(
        await request(t.http).post('/test-limits/posts').set('soku-api-key', user.apiKey),
      );
    }
    expect(statuses(responses)).toEqual([...Array(30).fill(201), ...Array(5).fill(429)]);
    expect(responses.map((r) => Number(r.headers['x-ratelimit-remaining']))).toEqual([
      ...Array.from({ length: 30 }, (_, i) => 29 - i),
      ...Array(5).fill(0),
    ]);
    expect(responses[34].headers['retry-after']).toBe('60');
  });

  it('should let exactly 30 through when 35 arrive at once on both instances', async () => {
    const user = await createUser(first);
    const responses = await Promise.all(
      Array.from({ length: 35 }, (_, i) =>
        request((i % 2 === 0 ? first : second).http)
          .post('/test-limits/posts')
          .set('soku-api-key', user.apiKey),
      ),
    );
    expect(count(responses, 201)).toBe(30);
    expect(count(responses, 429)).toBe(5);
  });

  it('should share the global tier of an anonymous IP', async () => {
    const ip = `198.18.${randomInt(256)}.${randomInt(256)}`;
    const responses: Response[] = [];
    for (let i = 0; i < 36; i++) {
      responses.push(
        await request((i % 2 ? first : second).http)
          .get('/nope')
          .set('X-Forwarded-For', ip),
      );
    }
    expect(count(responses, 404)).toBe(35);
    expect(responses[35].status).toBe(429);
  });
});

describeWithRedis('Rate-limit stores: memory and Redis decide alike', () => {
  let redis: Redis;

  beforeAll(() => {
    redis = new Redis(process.env.REDIS_URL!, { maxRetriesPerRequest: 1 });
  });
  afterAll(() => redis.quit());

  it('should give the same decisions for the same arrivals', async () => {
    let now = T0;
    const clock = new RateLimitClock();
    jest.spyOn(clock, 'now').mockImplementation(() => now);
    await redis.ping();
    const memory = new MemoryRateLimitStore(clock);
    const shared = new RedisRateLimitStore(
      redis,
      new MemoryRateLimitStore(clock),
      clock,
      new RateLimitMetrics(),
      { warn: jest.fn() } as unknown as Logger,
      1_000,
    );
    const key = `conformance:${randomInt(1e9)}`;
    const spec = { capacity: 7, emissionMs: 300, windowMs: 1_500 };
    for (let i = 0; i < 300; i++) {
      now += [0, 0, 0, 50, 299, 300, 301, 1_000, 5_000][(i * 31) % 9];
      const [a, b] = [await memory.take(key, spec), await shared.take(key, spec)];
      expect(b).toEqual(a);
    }
    memory.onApplicationShutdown();
  });
});

describeWithRedis('Rate limiter when Redis goes away', () => {
  let server: RedisServer;
  let t: TestApp;

  beforeAll(async () => {
    if (!hasRedisServerBinary()) {
      throw new Error('redis-server is not on PATH: install it (apt-get install redis-server)');
    }
    server = await startRedisServer();
    t = await createTestApp({
      imports: [RateLimitSupportModule],
      env: { REDIS_URL: server.url, ...FAIL_FAST_REDIS },
    });
  });
  afterAll(async () => {
    await t.close();
    await server.kill();
  });

  it('should keep serving, fail open, log a warning and count it', async () => {
    const user = await createUser(t);
    const post = () => request(t.http).post('/test-limits/posts').set('soku-api-key', user.apiKey);
    const before = await post();
    expect(before.status).toBe(201);
    expect(before.headers['x-ratelimit-remaining']).toBe('29');

    const warn = jest.spyOn(t.app.get<Logger>(APP_LOGGER), 'warn');
    const metrics = t.app.get(RateLimitMetrics);
    await server.kill();

    const during: Response[] = [];
    for (let i = 0; i < 10; i++) {
      during.push(await post());
    }
    expect(statuses(during)).toEqual(Array(10).fill(201));
    for (const res of during) {
      expect(res.headers['x-ratelimit-limit']).toBe('30');
      expect(res.headers['x-ratelimit-tier']).toBe('premium');
    }
    // This instance's own buckets carry on counting meanwhile.
    expect(during.map((r) => Number(r.headers['x-ratelimit-remaining']))).toEqual(
      Array.from({ length: 10 }, (_, i) => 29 - i),
    );
    expect(metrics.storeFailOpenTotal).toBeGreaterThanOrEqual(20);
    expect(warn).toHaveBeenCalledWith(
      expect.objectContaining({ err: expect.any(Error) }),
      expect.stringMatching(/rate limiter: Redis unavailable, failing open/),
    );
    // Unknown routes and health too.
    expect((await request(t.http).get('/nope')).status).toBe(404);
  });
});
