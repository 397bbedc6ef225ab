import request from 'supertest';
import { RateLimitClock } from '../../../src/modules/rate-limits/rate-limit.clock';
import { expectEnvelope } from '../../utils/assertions';
import { addAccount } from '../../utils/accounts';
import { createUser, type TestUser } from '../../utils/identity';
import { createTestApp, type TestApp } from '../../utils/test-app';

const T0 = Date.parse('2030-01-01T00:00:00.000Z');
const stores = [
  ['in memory', {}],
  ...(process.env.REDIS_URL ? [['in Redis', { REDIS_URL: process.env.REDIS_URL }]] : []),
] as [string, Record<string, string>][];

/** The bulk import's body limit (5 MB) and its rows limit (one token per row). */
describe.each(stores)('POST /v1/posts/bulk limits, rate limit %s', (_store, env) => {
  let t: TestApp;
  let user: TestUser;

  beforeAll(async () => {
    t = await createTestApp({ env: { ...env, SOKU_RATE_LIMIT_REDIS_TIMEOUT_MS: '5000' } });
  });
  beforeEach(async () => {
    await t.reset();
    user = await createUser(t);
    await addAccount(t, user.userId, 'x', 'x_main');
    jest
      .spyOn(t.app.get(RateLimitClock), 'now')
      .mockReturnValue(T0 + Math.floor(Math.random() * 1e9));
  });
  afterEach(() => jest.restoreAllMocks());
  afterAll(() => t.close());

  const csv = (text: string) =>
    request(t.http)
      .post('/v1/posts/bulk')
      .set('soku-api-key', user.apiKey)
      .set('Content-Type', 'text/csv')
      .send(text);
  // Rows X refuses (over 280 characters): checked and answered, nothing created.
  const tooLong = (rows: number, length = 300) =>
    `text,platforms\n${`${'a'.repeat(length)},x\n`.repeat(rows)}`;

  it('should take a CSV over 1 MB, and answer 413 in the envelope past 5 MB', async () => {
    const big = tooLong(400, 3000);
    expect(Buffer.byteLength(big)).toBeGreaterThan(1024 * 1024);
    const taken = await csv(big).expect(200);
    expect(taken.body.invalid).toBe(400);

    const huge = tooLong(500, 11_000);
    expect(Buffer.byteLength(huge)).toBeGreaterThan(5 * 1024 * 1024);
    const refused = await csv(huge).expect(413);
    expectEnvelope(refused, 413, 'payload_too_large');
    expect(refused.body.error.message).toBe('Request body exceeds the 5 MB limit');
  });

  it('should count every row against 1000 rows a minute, refusing a request whole', async () => {
    await csv(tooLong(400)).expect(200);
    await csv(tooLong(400)).expect(200);
    const refused = await csv(tooLong(400)).expect(429);
    expectEnvelope(refused, 429, 'rate_limit_exceeded');
    expect(Number(refused.headers['retry-after'])).toBeGreaterThan(0);
    // What is left is 200 rows: a request of 200 passes, then not even one row does.
    await csv(tooLong(200)).expect(200);
    await csv(tooLong(1)).expect(429);
  });
});
