import request from 'supertest';
import { UsersService } from '../../../src/modules/auth/users.service';
import { createUser } from '../../utils/identity';
import { createTestApp, type TestApp } from '../../utils/test-app';
import { AuthSupportModule } from './auth-support.module';

const describeWithRedis = process.env.REDIS_URL ? describe : describe.skip;

describeWithRedis('API key revocation across two instances sharing Redis', () => {
  let first: TestApp;
  let second: TestApp;

  beforeAll(async () => {
    const options = { imports: [AuthSupportModule], env: { REDIS_URL: process.env.REDIS_URL } };
    first = await createTestApp(options);
    second = await createTestApp(options);
  });
  afterAll(async () => {
    await first.close();
    await second.close();
  });

  it('should refuse a key revoked on one instance on the next request to the other', async () => {
    const user = await createUser(first);
    // Both instances have now looked the key up (and cached it).
    await request(first.http)
      .get('/test-auth/subscribed')
      .set('soku-api-key', user.apiKey)
      .expect(200);
    await request(second.http)
      .get('/test-auth/subscribed')
      .set('soku-api-key', user.apiKey)
      .expect(200);

    const [key] = (
      await request(first.http).get('/v1/api-keys').set('Authorization', `Bearer ${user.idToken}`)
    ).body.keys;
    await request(first.http)
      .delete(`/v1/api-keys/${key.id}`)
      .set('Authorization', `Bearer ${user.idToken}`)
      .expect(200);

    const res = await request(second.http)
      .get('/test-auth/subscribed')
      .set('soku-api-key', user.apiKey);
    expect(res.status).toBe(401);
    expect(res.body.error.message).toBe('API key revoked');
  });

  it('should apply a subscription change made on one instance on the other', async () => {
    const user = await createUser(first);
    await request(second.http)
      .get('/test-auth/subscribed')
      .set('soku-api-key', user.apiKey)
      .expect(200);
    await first.app.get(UsersService).setSubscription(user.userId, 'expired', null);
    expect(
      (await request(second.http).get('/test-auth/subscribed').set('soku-api-key', user.apiKey))
        .status,
    ).toBe(403);
  });
});
