import request, { type Response } from 'supertest';
import { ApiKeysService } from '../../../src/modules/api-keys/api-keys.service';
import { UsersService } from '../../../src/modules/auth/users.service';
import { RateLimitClock } from '../../../src/modules/rate-limits/rate-limit.clock';
import { expectEnvelope } from '../../utils/assertions';
import { createUser } from '../../utils/identity';
import { createTestApp, type TestApp } from '../../utils/test-app';
import { RateLimitSupportModule } from './limits-support.module';

const T0 = Date.parse('2030-01-01T00:00:00.000Z');
let ipCounter = 0;
/** A client IP of its own per test (trusted X-Forwarded-For from loopback), so buckets don't mix. */
const freshIp = () => `203.0.113.${++ipCounter}`;

function rateHeaders(res: Response) {
  return {
    limit: Number(res.headers['x-ratelimit-limit']),
    remaining: Number(res.headers['x-ratelimit-remaining']),
    reset: res.headers['x-ratelimit-reset'],
    tier: res.headers['x-ratelimit-tier'],
  };
}

function expectRateHeaders(res: Response): void {
  const h = rateHeaders(res);
  expect(Number.isInteger(h.limit)).toBe(true);
  expect(Number.isInteger(h.remaining)).toBe(true);
  expect(new Date(h.reset).toISOString()).toBe(h.reset);
  expect(['default', 'authenticated', 'premium', 'admin']).toContain(h.tier);
}

describe('Rate limits switched off (SOKU_RATE_LIMIT_ENABLED=false)', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await createTestApp({
      imports: [RateLimitSupportModule],
      env: { SOKU_RATE_LIMIT_ENABLED: 'false' },
    });
  });
  afterAll(() => t.close());

  it('should neither limit nor send the headers', async () => {
    const user = await createUser(t);
    for (let i = 0; i < 40; i++) {
      const res = await request(t.http).post('/test-limits/posts').set('soku-api-key', user.apiKey);
      expect(res.status).toBe(201);
      expect(res.headers['x-ratelimit-limit']).toBeUndefined();
    }
  });
});

describe('Rate limits (in memory)', () => {
  let t: TestApp;
  let now: number;

  beforeAll(async () => {
    t = await createTestApp({
      imports: [RateLimitSupportModule],
      env: { SOKU_RATE_LIMIT_ADMIN_IPS: '198.51.100.7' },
    });
    // Time stands still unless a test moves it: no test waits for a real minute.
    jest.spyOn(t.app.get(RateLimitClock), 'now').mockImplementation(() => now);
  });
  beforeEach(() => {
    now = T0;
  });
  afterAll(() => t.close());

  it('should let exactly 30 of 35 quick POSTs through a 30/min endpoint, then answer 429', async () => {
    const user = await createUser(t);
    const responses: Response[] = [];
    for (let i = 0; i < 35; i++) {
      responses.push(
        await request(t.http).post('/test-limits/posts').set('soku-api-key', user.apiKey),
      );
    }
    expect(responses.map((r) => r.status)).toEqual([...Array(30).fill(201), ...Array(5).fill(429)]);
    responses.forEach(expectRateHeaders);
    expect(responses.map((r) => rateHeaders(r).remaining)).toEqual([
      ...Array.from({ length: 30 }, (_, i) => 29 - i),
      ...Array(5).fill(0),
    ]);
    expect(responses.every((r) => rateHeaders(r).limit === 30)).toBe(true);
    expect(responses.every((r) => rateHeaders(r).tier === 'premium')).toBe(true);

    const limited = responses[34];
    expectEnvelope(limited, 429, 'rate_limit_exceeded');
    // 30 in the last minute: the next one can pass when the first is a minute old.
    expect(limited.headers['retry-after']).toBe('60');
    expect(limited.body.error.message).toBe('Rate limit exceeded. Try again in 60 seconds.');
    expect(rateHeaders(limited).reset).toBe(new Date(T0 + 60_000).toISOString());
  });

  it('should allow at most 30 in any minute, then one every 2 s sustained', async () => {
    const user = await createUser(t);
    const post = () => request(t.http).post('/test-limits/posts').set('soku-api-key', user.apiKey);
    for (let i = 0; i < 20; i++) {
      await post().expect(201);
    }
    now += 30_000; // 15 tokens back, but the window already holds 20 of its 30
    for (let i = 0; i < 10; i++) {
      await post().expect(201);
    }
    const capped = await post();
    expect(capped.status).toBe(429);
    expect(capped.headers['retry-after']).toBe('30');
    now += 29_999;
    expect((await post()).headers['retry-after']).toBe('1');
    now += 1; // the first 20 leave the window; 30 in 60 s kept the bucket at the sustained rate
    const reopened = await post();
    expect(reopened.status).toBe(201);
    expect(rateHeaders(reopened).remaining).toBe(19); // the window still holds the other 10
    for (let i = 0; i < 19; i++) {
      await post().expect(201);
    }
    const drained = await post();
    expect(drained.status).toBe(429);
    now += 60_000;
    const refilled = await post();
    expect(refilled.status).toBe(201);
  });

  it('should keep separate endpoint budgets per user', async () => {
    const [a, b] = [await createUser(t), await createUser(t)];
    for (let i = 0; i < 30; i++) {
      await request(t.http).post('/test-limits/posts').set('soku-api-key', a.apiKey).expect(201);
    }
    await request(t.http).post('/test-limits/posts').set('soku-api-key', a.apiKey).expect(429);
    await request(t.http).post('/test-limits/posts').set('soku-api-key', b.apiKey).expect(201);
  });

  it('should carry decreasing headers on 401 and 404, then 429 the anonymous IP at 25 + 10', async () => {
    const ip = freshIp();
    const responses: Response[] = [];
    for (let i = 0; i < 36; i++) {
      const call =
        i % 3 === 0
          ? request(t.http).get('/nope')
          : i % 3 === 1
            ? request(t.http).post('/test-limits/posts')
            : request(t.http).get('/test-limits/plain').set('soku-api-key', 'sk_live_bogus');
      responses.push(await call.set('X-Forwarded-For', ip));
    }
    responses.forEach(expectRateHeaders);
    expect(responses.map((r) => r.status).slice(0, 6)).toEqual([404, 401, 401, 404, 401, 401]);
    expect(responses.map((r) => rateHeaders(r).remaining)).toEqual([
      ...Array.from({ length: 35 }, (_, i) => 34 - i),
      0,
    ]);
    expect(responses.every((r) => rateHeaders(r).tier === 'default')).toBe(true);
    expect(responses.every((r) => rateHeaders(r).limit === 35)).toBe(true);
    const limited = responses[35];
    expectEnvelope(limited, 429, 'rate_limit_exceeded');
    expect(limited.headers['retry-after']).toBe('60');
    expect(limited.body.error.message).toBe('Rate limit exceeded. Try again in 60 seconds.');
  });

  it('should carry the headers on a 500', async () => {
    const user = await createUser(t);
    const res = await request(t.http).get('/test-limits/boom').set('soku-api-key', user.apiKey);
    expectEnvelope(res, 500, 'internal_error');
    expectRateHeaders(res);
    expect(rateHeaders(res)).toMatchObject({ tier: 'premium', limit: 200, remaining: 199 });
  });

  it('should carry the headers on body-parser errors, before the body is read', async () => {
    const res = await request(t.http)
      .post('/test-limits/posts')
      .set('X-Forwarded-For', freshIp())
      .set('Content-Type', 'text/plain')
      .send('hello');
    expectEnvelope(res, 415, 'unsupported_media_type');
    expect(rateHeaders(res)).toMatchObject({ tier: 'default', limit: 35, remaining: 34 });
  });

  it("should render @nestjs/throttler's own ThrottlerException as the v1 429", async () => {
    const ip = freshIp();
    const call = () =>
      request(t.http).get('/test-limits/framework-throttled').set('X-Forwarded-For', ip);
    await call().expect(200);
    const res = await call();
    expectEnvelope(res, 429, 'rate_limit_exceeded');
    expect(res.body.error.message).toBe(
      `Rate limit exceeded. Try again in ${res.headers['retry-after']} seconds.`,
    );
    expectRateHeaders(res);
  });

  it('should put callers in their tier', async () => {
    const tierOf = async (headers: Record<string, string>, path = '/test-limits/plain') => {
      const res = await request(t.http).get(path).set(headers);
      return [rateHeaders(res).tier, rateHeaders(res).limit];
    };
    const premium = await createUser(t);
    const keyOnly = await createUser(t, { subscription: 'none' });
    const expired = await createUser(t, { subscription: 'expired' });
    const admin = await createUser(t, { admin: true });
    expect(await tierOf({ 'soku-api-key': premium.apiKey })).toEqual(['premium', 200]);
    expect(await tierOf({ 'soku-api-key': keyOnly.apiKey })).toEqual(['authenticated', 90]);
    expect(await tierOf({ 'soku-api-key': expired.apiKey })).toEqual(['authenticated', 90]);
    expect(await tierOf({ 'soku-api-key': admin.apiKey })).toEqual(['admin', 700]);
    expect(await tierOf({ 'X-Forwarded-For': freshIp() })).toEqual(['default', 35]);
    expect(await tierOf({ 'X-Forwarded-For': '198.51.100.7' })).toEqual(['admin', 700]);
    expect(await tierOf({ Authorization: `Bearer ${premium.idToken}` }, '/v1/api-keys')).toEqual([
      'authenticated',
      90,
    ]);
    expect(await tierOf({ Authorization: `Bearer ${admin.idToken}` }, '/v1/api-keys')).toEqual([
      'admin',
      700,
    ]);
  });

  it('should look the API key up once per request', async () => {
    const user = await createUser(t);
    const authenticate = jest.spyOn(t.app.get(ApiKeysService), 'authenticate');
    try {
      await request(t.http).post('/test-limits/posts').set('soku-api-key', user.apiKey).expect(201);
      expect(authenticate).toHaveBeenCalledTimes(1);
    } finally {
      authenticate.mockRestore();
    }
  });

  it('should not spend the endpoint budget on requests the auth guards refuse', async () => {
    const user = await createUser(t, { subscription: 'none' });
    for (let i = 0; i < 31; i++) {
      await request(t.http).post('/test-limits/posts').set('soku-api-key', user.apiKey).expect(403);
    }
    await t.app.get(UsersService).setSubscription(user.userId, 'trialing', null);
    const res = await request(t.http).post('/test-limits/posts').set('soku-api-key', user.apiKey);
    expect(res.status).toBe(201);
    expect(rateHeaders(res).remaining).toBe(29);
  });
});
