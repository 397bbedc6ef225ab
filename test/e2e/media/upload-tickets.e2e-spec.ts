import request from 'supertest';
import { expectEnvelope } from '../../utils/assertions';
import { createUser, type TestUser } from '../../utils/identity';
import { createTestApp, type TestApp } from '../../utils/test-app';

/** `POST /v1/media/uploads` is idempotent and has its own endpoint limit (issue 20.7). */
describe('starting a direct upload', () => {
  let t: TestApp;
  let user: TestUser;

  beforeAll(async () => {
    t = await createTestApp();
  });
  beforeEach(async () => {
    await t.reset();
    user = await createUser(t);
  });
  afterAll(() => t.close());

  const start = (body: object, headers: Record<string, string> = {}) =>
    request(t.http)
      .post('/v1/media/uploads')
      .set('soku-api-key', user.apiKey)
      .set(headers)
      .send(body);
  const ticket = (n: number) => ({ filename: `f${n}.png`, mimeType: 'image/png', size: 10 + n });

  it('should answer a retry with the same ticket, not a second pending upload', async () => {
    const first = await start(ticket(1)).expect(201);
    const retry = await start(ticket(1)).expect(201);
    expect(retry.headers['idempotent-replayed']).toBe('true');
    expect(retry.body).toEqual(first.body);
    const explicit = { 'Idempotency-Key': 'upload-1' };
    const keyed = await start(ticket(1), explicit).expect(201);
    expect(keyed.body.mediaId).not.toBe(first.body.mediaId);
    expectEnvelope(await start(ticket(2), explicit), 409, 'idempotency_conflict');
    const [{ count }] = await t.dataSource.query(
      `SELECT count(*)::int AS count FROM media WHERE user_id = $1`,
      [user.userId],
    );
    expect(count).toBe(2);
  });

  it('should replay a ticket only until it expires, then start a new upload', async () => {
    const first = await start(ticket(3)).expect(201);
    const [key] = await t.dataSource.query(
      `SELECT id, expires_at FROM idempotency_keys WHERE user_id = $1`,
      [user.userId],
    );
    expect(new Date(key.expires_at).toISOString()).toBe(first.body.expiresAt);
    // The ticket's hour has passed.
    await t.dataSource.query(
      `UPDATE idempotency_keys SET expires_at = now() - interval '1 second' WHERE id = $1`,
      [key.id],
    );
    const later = await start(ticket(3)).expect(201);
    expect(later.headers['idempotent-replayed']).toBeUndefined();
    expect(later.body.mediaId).not.toBe(first.body.mediaId);
  });

  it('should refuse the 31st upload of a minute with 429, whatever the tier allows', async () => {
    for (let n = 0; n < 30; n++) {
      await start(ticket(n)).expect(201);
    }
    const res = await start(ticket(30));
    expectEnvelope(res, 429, 'rate_limit_exceeded');
    expect(res.headers['retry-after']).toMatch(/^\d+$/);
  });
});
