import request from 'supertest';
import { addAccount } from '../../utils/accounts';
import { expectEnvelope } from '../../utils/assertions';
import { createUser, type TestUser } from '../../utils/identity';
import { waitForPost } from '../../utils/posts';
import { createTestApp, type TestApp } from '../../utils/test-app';

describe('/admin/*', () => {
  let t: TestApp;
  let admin: TestUser;
  let user: TestUser;

  beforeAll(async () => {
    t = await createTestApp({
      env: {
        SOKU_RATE_LIMIT_ENABLED: 'false',
        SOKU_RETRY_BASE_MS: '20',
        SOKU_PUBLISH_MAX_ATTEMPTS: '1',
        SOKU_RECONCILE_INTERVAL_MS: '200',
      },
    });
  });
  beforeEach(async () => {
    await t.reset();
    admin = await createUser(t, { admin: true });
    user = await createUser(t);
  });
  afterAll(() => t.close());

  const as = (who: TestUser) => ({
    get: (path: string) => request(t.http).get(path).set('Authorization', `Bearer ${who.idToken}`),
    post: (path: string, body: object = {}) =>
      request(t.http).post(path).set('Authorization', `Bearer ${who.idToken}`).send(body),
    put: (path: string, body: object) =>
      request(t.http).put(path).set('Authorization', `Bearer ${who.idToken}`).send(body),
    delete: (path: string) =>
      request(t.http).delete(path).set('Authorization', `Bearer ${who.idToken}`),
  });

  it('should refuse a non-admin with 403 and no token with 401, in the envelope', async () => {
    const res = await as(user).get('/admin/users');
    expectEnvelope(res, 403, 'forbidden');
    expect(res.body.error.message).toBe('Admin access required');
    expectEnvelope(await request(t.http).get('/admin/users'), 401, 'unauthorized');
    expectEnvelope(
      await request(t.http).get('/admin/users').set('soku-api-key', admin.apiKey),
      401,
      'unauthorized',
    );
  });

  it('should page through users with a cursor', async () => {
    await createUser(t);
    const first = await as(admin).get('/admin/users?limit=2').expect(200);
    expect(first.body.data).toHaveLength(2);
    expect(first.body.nextCursor).toEqual(expect.any(String));
    const second = await as(admin)
      .get(`/admin/users?limit=2&cursor=${first.body.nextCursor}`)
      .expect(200);
    expect(second.body.data).toHaveLength(1);
    expect(second.body.nextCursor).toBeNull();
    const ids = [...first.body.data, ...second.body.data].map((u: { id: string }) => u.id);
    expect(new Set(ids).size).toBe(3);
    expect(ids).toContain(user.userId);
    expectEnvelope(await as(admin).get('/admin/users?cursor=nope'), 400, 'validation_error');
  });

  it('should set a subscription and grant credits through the users and credits services', async () => {
    const sub = await as(admin)
      .put(`/admin/users/${user.userId}/subscription`, {
        status: 'expired',
        currentPeriodEnd: '2025-01-01T00:00:00Z',
      })
      .expect(200);
    expect(sub.body.subscription).toEqual({
      status: 'expired',
      currentPeriodEnd: '2025-01-01T00:00:00.000Z',
    });
    // The public API sees it at once: posting needs an active subscription.
    expectEnvelope(
      await request(t.http).get('/v1/posts').set('soku-api-key', user.apiKey),
      403,
      'forbidden',
    );
    expectEnvelope(
      await as(admin).put(`/admin/users/${user.userId}/subscription`, { status: 'gold' }),
      400,
      'validation_error',
    );

    const granted = await as(admin)
      .post(`/admin/users/${user.userId}/credits`, { amount: 25, reason: 'support' })
      .expect(200);
    expect(granted.body).toEqual({ balance: 25 });
    const credits = await request(t.http).get('/v1/credits').set('soku-api-key', user.apiKey);
    expect(credits.body.recent[0]).toMatchObject({ amount: 25, reason: 'support' });
    expect((await as(admin).get(`/admin/users/${user.userId}`).expect(200)).body.credits).toBe(25);
    expectEnvelope(
      await as(admin).post(`/admin/users/${user.userId}/credits`, { amount: 0, reason: 'x' }),
      400,
      'validation_error',
    );
    expectEnvelope(
      await as(admin).get('/admin/users/00000000-0000-4000-8000-000000000000'),
      404,
      'not_found',
    );
  });

  it('should disable a user: their API keys and ID token answer 401 until re-enabled', async () => {
    await request(t.http).get('/v1/posts').set('soku-api-key', user.apiKey).expect(200);
    const disabled = await as(admin).post(`/admin/users/${user.userId}/disable`).expect(200);
    expect(disabled.body.disabledAt).toEqual(expect.any(String));
    expectEnvelope(
      await request(t.http).get('/v1/posts').set('soku-api-key', user.apiKey),
      401,
      'unauthorized',
    );
    expectEnvelope(await as(user).get('/v1/api-keys'), 401, 'unauthorized');
    await as(admin).post(`/admin/users/${user.userId}/enable`).expect(200);
    await request(t.http).get('/v1/posts').set('soku-api-key', user.apiKey).expect(200);
  });

  it("should list and revoke a user's API keys", async () => {
    const keys = await as(admin).get(`/admin/users/${user.userId}/api-keys`).expect(200);
    expect(keys.body.keys).toHaveLength(1);
    const keyId = keys.body.keys[0].id as string;
    await as(admin).delete(`/admin/users/${user.userId}/api-keys/${keyId}`).expect(200);
    expectEnvelope(
      await request(t.http).get('/v1/posts').set('soku-api-key', user.apiKey),
      401,
      'unauthorized',
    );
    // Another user's key id under this user is not found, as for the user themself.
    expectEnvelope(
      await as(admin).delete(`/admin/users/${admin.userId}/api-keys/${keyId}`),
      404,
      'not_found',
    );
  });

  it("should list a user's integrations and force one to needs_reauth", async () => {
    const account = await addAccount(t, user.userId, 'x', 'x_main');
    const list = await as(admin).get(`/admin/users/${user.userId}/integrations`).expect(200);
    expect(list.body.integrations).toEqual([
      expect.objectContaining({ id: account.id, status: 'connected' }),
    ]);
    const forced = await as(admin)
      .post(`/admin/users/${user.userId}/integrations/${account.id}/force-reauth`, {
        reason: 'token leaked',
      })
      .expect(200);
    expect(forced.body).toMatchObject({ status: 'needs_reauth', lastError: 'token leaked' });
    const mine = await request(t.http).get('/v1/integrations').set('soku-api-key', user.apiKey);
    expect(mine.body.integrations[0].status).toBe('needs_reauth');
    expectEnvelope(
      await as(admin).post(`/admin/users/${admin.userId}/integrations/${account.id}/force-reauth`),
      404,
      'not_found',
    );
  });

  it('should search submissions across users and retry a failed one', async () => {
    await addAccount(t, user.userId, 'x', 'x_main');
    await addAccount(t, admin.userId, 'threads', 'threads_main');
    const failing = await request(t.http)
      .post('/v1/posts')
      .set('soku-api-key', user.apiKey)
      .send({ post: { content: { text: 'fails once #sandbox-fail-once', platform: 'x' } } })
      .expect(201);
    const postId = failing.body.postSubmissionId as string;
    await waitForPost(t, user.apiKey, postId);
    await request(t.http)
      .post('/v1/posts')
      .set('soku-api-key', admin.apiKey)
      .send({ post: { content: { text: 'fine', platform: 'threads' } } })
      .expect(201);

    const all = await as(admin).get('/admin/submissions').expect(200);
    expect(all.body.data).toHaveLength(2);
    const failed = await as(admin)
      .get(`/admin/submissions?userId=${user.userId}&platform=x&outcome=failed`)
      .expect(200);
    expect(failed.body.data).toEqual([
      expect.objectContaining({ id: postId, userId: user.userId, outcome: 'failed' }),
    ]);
    const none = await as(admin)
      .get(`/admin/submissions?createdFrom=${new Date(Date.now() + 60_000).toISOString()}`)
      .expect(200);
    expect(none.body.data).toEqual([]);
    expectEnvelope(
      await as(admin).get('/admin/submissions?platform=myspace'),
      400,
      'validation_error',
    );

    // The marker fails each run's first attempt, and a retry starts the count again: the run
    // goes through the queue once more and fails a second time.
    const failures = async () =>
      (
        await t.dataSource.query(
          `SELECT count(*)::int AS n FROM events WHERE type = 'post.run.failed'`,
        )
      )[0].n as number;
    expect(await failures()).toBe(1);
    await as(admin).post(`/admin/users/${user.userId}/posts/${postId}/retry`).expect(200);
    const deadline = Date.now() + 30_000;
    while ((await failures()) < 2 && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    expect(await failures()).toBe(2);
    expectEnvelope(
      await as(admin).post(`/admin/users/${admin.userId}/posts/${postId}/retry`),
      404,
      'not_found',
    );
  });
});
