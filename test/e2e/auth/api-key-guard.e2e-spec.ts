import request from 'supertest';
import { generateApiKey } from '../../../src/modules/api-keys/api-key-format';
import { UsersService } from '../../../src/modules/auth/users.service';
import { expectEnvelope } from '../../utils/assertions';
import { createUser } from '../../utils/identity';
import { createTestApp, type TestApp } from '../../utils/test-app';
import { AuthSupportModule } from './auth-support.module';

const withLastCharChanged = (key: string) => key.slice(0, -1) + (key.endsWith('0') ? '1' : '0');

describe('the API-key and subscription guards (v1 Authentication errors table)', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await createTestApp({ imports: [AuthSupportModule] });
  });
  beforeEach(() => t.reset());
  afterAll(() => t.close());

  const get = (key?: string) => {
    const req = request(t.http).get('/test-auth/subscribed');
    return key === undefined ? req : req.set('soku-api-key', key);
  };

  it('Missing header → 401 unauthorized "Missing or invalid soku-api-key"', async () => {
    const res = await get();
    expectEnvelope(res, 401, 'unauthorized');
    expect(res.body.error.message).toBe('Missing or invalid soku-api-key');
  });

  it('Empty header → 401 "Missing or invalid soku-api-key"', async () => {
    const res = await get('   ');
    expectEnvelope(res, 401, 'unauthorized');
    expect(res.body.error.message).toBe('Missing or invalid soku-api-key');
  });

  it.each([
    ['malformed', 'not-a-key'],
    ['bad checksum', withLastCharChanged(generateApiKey())],
    ['well-formed but unknown', generateApiKey()],
  ])('Invalid key (%s) → 401 unauthorized "Invalid API key"', async (_case, key) => {
    const res = await get(key);
    expectEnvelope(res, 401, 'unauthorized');
    expect(res.body.error.message).toBe('Invalid API key');
  });

  it('Revoked key → 401 unauthorized "API key revoked", from the very next request', async () => {
    const user = await createUser(t);
    await get(user.apiKey).expect(200);
    const [key] = (
      await request(t.http).get('/v1/api-keys').set('Authorization', `Bearer ${user.idToken}`)
    ).body.keys;
    await request(t.http)
      .delete(`/v1/api-keys/${key.id}`)
      .set('Authorization', `Bearer ${user.idToken}`)
      .expect(200);
    const res = await get(user.apiKey);
    expectEnvelope(res, 401, 'unauthorized');
    expect(res.body.error.message).toBe('API key revoked');
  });

  it('No subscription → 403 forbidden "Subscription required"', async () => {
    const user = await createUser(t, { subscription: 'none' });
    const res = await get(user.apiKey);
    expectEnvelope(res, 403, 'forbidden');
    expect(res.body.error.message).toBe('Subscription required');
  });

  it.each([
    ['active with the period ended', 'active', new Date(Date.now() - 1000)],
    ['expired', 'expired', new Date(Date.now() + 86_400_000)],
    ['canceled', 'canceled', new Date(Date.now() + 86_400_000)],
    ['past_due', 'past_due', new Date(Date.now() + 86_400_000)],
  ] as const)(
    'Expired subscription (%s) → 403 "Subscription inactive or expired"',
    async (_case, status, periodEnd) => {
      const user = await createUser(t, { subscription: status, periodEnd });
      const res = await get(user.apiKey);
      expectEnvelope(res, 403, 'forbidden');
      expect(res.body.error.message).toBe('Subscription inactive or expired');
    },
  );

  it.each(['trialing', 'active'] as const)(
    '%s subscription → 200 with the caller',
    async (status) => {
      const user = await createUser(t, { subscription: status });
      const res = await get(user.apiKey).expect(200);
      expect(res.body).toEqual({
        userId: user.userId,
        apiKeyId: expect.stringMatching(/^[0-9a-f]{64}$/),
        isAdmin: false,
        profileId: user.userId,
        boundProfileId: null,
      });
    },
  );

  it('should apply a subscription change on the next request', async () => {
    const user = await createUser(t, { subscription: 'active' });
    await get(user.apiKey).expect(200);
    await t.app.get(UsersService).setSubscription(user.userId, 'expired', null);
    expect((await get(user.apiKey)).status).toBe(403);
    await t.app.get(UsersService).setSubscription(user.userId, 'trialing', null);
    await get(user.apiKey).expect(200);
  });

  it('should let a key without subscription through a route that does not require one', async () => {
    const user = await createUser(t, { subscription: 'none' });
    await request(t.http).get('/test-auth/key-only').set('soku-api-key', user.apiKey).expect(200);
  });

  it('should not accept the key in another header or the query string', async () => {
    const user = await createUser(t);
    expect(
      (await request(t.http).get(`/test-auth/subscribed?soku-api-key=${user.apiKey}`)).status,
    ).toBe(401);
    expect(
      (
        await request(t.http)
          .get('/test-auth/subscribed')
          .set('Authorization', `Bearer ${user.apiKey}`)
      ).status,
    ).toBe(401);
  });
});
