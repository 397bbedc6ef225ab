import request from 'supertest';
import { RequestLogWriter } from '../../../src/modules/requests/request-log.writer';
import { RequestsSweeper } from '../../../src/modules/requests/requests.sweeper';
import { expectEnvelope } from '../../utils/assertions';
import { createUser, type TestUser } from '../../utils/identity';
import { createTestApp, type TestApp } from '../../utils/test-app';
import { IdempotencySupportModule } from './idempotency-support.module';
import { RateLimitSupportModule } from './limits-support.module';

describe('Request log', () => {
  let t: TestApp;
  let user: TestUser;

  beforeAll(async () => {
    t = await createTestApp({ imports: [RateLimitSupportModule, IdempotencySupportModule] });
  });
  beforeEach(async () => {
    user = await createUser(t);
  });
  afterAll(() => t.close());

  const list = async (who: TestUser, query = '') => {
    await t.app.get(RequestLogWriter).flush();
    return request(t.http).get(`/v1/requests${query}`).set('soku-api-key', who.apiKey);
  };

  it('should record every authenticated request with its details, newest first', async () => {
    const ok = await request(t.http)
      .get('/test-limits/plain?x=1')
      .set('soku-api-key', user.apiKey)
      .set('User-Agent', 'soku-test/1.0')
      .set('X-Request-ID', 'log-req-1')
      .expect(200);
    await request(t.http)
      .post('/test-idem/things')
      .set('soku-api-key', user.apiKey)
      .set('Idempotency-Key', 'log-key-1')
      .send({ name: 'logged' })
      .expect(201);
    await request(t.http).get('/nope/deeper').set('soku-api-key', user.apiKey).expect(404);
    await request(t.http).get('/test-limits/boom').set('soku-api-key', user.apiKey).expect(500);

    const res = await list(user);
    expect(res.status).toBe(200);
    const rows = res.body.requests;
    expect(rows.map((r: { status: number }) => r.status)).toEqual([500, 404, 201, 200]);
    const [boom, notFound, created, plain] = rows;
    expect(plain).toEqual({
      id: expect.any(String),
      method: 'GET',
      route: '/test-limits/plain',
      status: 200,
      requestId: 'log-req-1',
      idempotencyKey: null,
      latencyMs: expect.any(Number),
      ip: expect.stringMatching(/127\.0\.0\.1/),
      userAgent: 'soku-test/1.0',
      apiKeyId: expect.stringMatching(/^[0-9a-f]{64}$/),
      createdAt: expect.any(String),
    });
    expect(plain.latencyMs).toBeGreaterThanOrEqual(0);
    expect(ok.headers['x-request-id']).toBe('log-req-1');
    expect(created).toMatchObject({
      method: 'POST',
      route: '/test-idem/things',
      idempotencyKey: 'log-key-1',
    });
    expect(notFound).toMatchObject({ route: '/nope/deeper', status: 404 });
    expect(boom).toMatchObject({ route: '/test-limits/boom', status: 500 });
    expect(res.body.nextCursor).toBeNull();
  });

  it('should record a refused subscription but not a refused key', async () => {
    const lapsed = await createUser(t, { subscription: 'expired' });
    await request(t.http).get('/test-limits/plain').set('soku-api-key', lapsed.apiKey).expect(403);
    await request(t.http).get('/test-limits/plain').set('soku-api-key', 'sk_live_nope').expect(401);
    await t.app.get(RequestLogWriter).flush();
    // Other suites in this Jest worker share the database: look at this test's rows only.
    const rows: { status: number }[] = await t.dataSource.query(
      'SELECT status FROM api_requests WHERE user_id = $1',
      [lapsed.userId],
    );
    expect(rows).toEqual([{ status: 403 }]);
    // A refused key has no user, so nothing is recorded for it, in any suite.
    const [{ refused }] = await t.dataSource.query(
      'SELECT count(*)::int AS refused FROM api_requests WHERE status = 401',
    );
    expect(refused).toBe(0);
  });

  it("should list only the caller's own requests", async () => {
    const other = await createUser(t);
    await request(t.http).get('/test-limits/plain').set('soku-api-key', other.apiKey).expect(200);
    const res = await list(user);
    expect(res.body.requests).toEqual([]);
  });

  it('should page with a cursor, newest first, without gaps or repeats', async () => {
    for (let i = 0; i < 25; i++) {
      await request(t.http)
        .get('/test-limits/plain')
        .set('soku-api-key', user.apiKey)
        .set('X-Request-ID', `page-${i}`);
    }
    const seen: string[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const query: string = `?limit=10${cursor ? `&cursor=${cursor}` : ''}`;
      const res = await list(user, query);
      expect(res.status).toBe(200);
      seen.push(...res.body.requests.map((r: { requestId: string }) => r.requestId));
      cursor = res.body.nextCursor;
      pages++;
    } while (cursor && pages < 10);
    const fromBurst = seen.filter((id) => id.startsWith('page-'));
    expect(fromBurst).toEqual(Array.from({ length: 25 }, (_, i) => `page-${24 - i}`));
    expect(new Set(seen).size).toBe(seen.length);
  });

  it.each([
    ['limit=0', 'query.limit'],
    ['limit=101', 'query.limit'],
    ['limit=ten', 'query.limit'],
    ['cursor=bm9wZQ', 'query.cursor'],
  ])('should refuse ?%s with 400', async (query, field) => {
    const res = await list(user, `?${query}`);
    expectEnvelope(res, 400, 'validation_error');
    expect(res.body.error.details[0].field).toBe(field);
  });

  it('should need an API key and a subscription', async () => {
    expectEnvelope(await request(t.http).get('/v1/requests'), 401, 'unauthorized');
    const keyOnly = await createUser(t, { subscription: 'none' });
    expectEnvelope(await list(keyOnly), 403, 'forbidden');
  });

  it('should delete entries past the retention', async () => {
    await request(t.http).get('/test-limits/plain').set('soku-api-key', user.apiKey).expect(200);
    await t.app.get(RequestLogWriter).flush();
    await t.dataSource.query(
      `INSERT INTO api_requests (user_id, method, route, status, request_id, latency_ms, created_at)
       VALUES ($1, 'GET', '/old', 200, 'old', 1, now() - interval '31 days')`,
      [user.userId],
    );
    await t.app.get(RequestsSweeper).sweep();
    const res = await list(user);
    expect(res.body.requests.map((r: { route: string }) => r.route)).toEqual([
      '/test-limits/plain',
    ]);
  });
});
