import request from 'supertest';
import { TokenRefresher } from '../../../src/modules/integrations/token-refresher';
import { addAccount } from '../../utils/accounts';
import { createUser, type TestUser } from '../../utils/identity';
import { createTestApp, type TestApp } from '../../utils/test-app';

const describeWithRedis = process.env.REDIS_URL ? describe : describe.skip;

/**
 * Targeting reads a user's accounts from a per-instance cache: a write on one instance must be
 * seen by the other's next request (the delete goes over Redis pub/sub).
 */
describeWithRedis('accounts targeted across two instances sharing Redis', () => {
  let first: TestApp;
  let second: TestApp;
  let user: TestUser;

  beforeAll(async () => {
    const options = { env: { REDIS_URL: process.env.REDIS_URL } };
    first = await createTestApp(options);
    second = await createTestApp(options);
  });
  beforeEach(async () => {
    user = await createUser(first);
    await addAccount(first, user.userId, 'x', 'x_main');
  });
  afterAll(async () => {
    await first.close();
    await second.close();
  });

  const validate = (t: TestApp, platform: string[]) =>
    request(t.http)
      .post('/v1/posts/validate')
      .set('soku-api-key', user.apiKey)
      .send({ post: { content: { text: 'which accounts?', platform } } })
      .expect(200);

  it('should not target an account disconnected on the other instance', async () => {
    // The second instance has read (and cached) the user's accounts.
    expect((await validate(second, ['x'])).body.valid).toBe(true);
    await request(first.http)
      .delete('/v1/integrations/x/x_main')
      .set('soku-api-key', user.apiKey)
      .expect(200);
    const after = (await validate(second, ['x'])).body;
    expect(after.valid).toBe(false);
    expect(after.problems[0].code).toBe('missing_integrations');
  });

  it('should target an account connected on the other instance', async () => {
    expect((await validate(second, ['threads'])).body.valid).toBe(false);
    await request(first.http)
      .post('/v1/integrations/sandbox')
      .set('soku-api-key', user.apiKey)
      .send({ platforms: ['threads'] })
      .expect(201);
    expect((await validate(second, ['threads'])).body.valid).toBe(true);
  });

  it('should not target an account the expiry scan marked on the other instance', async () => {
    await addAccount(first, user.userId, 'threads', 'threads_main', {
      sandbox: false,
      accessToken: 'valid-threads-token',
    });
    expect((await validate(second, ['threads'])).body.valid).toBe(true);
    // Time passes: the token is past its expiry, with no refresh token to renew it.
    await first.dataSource.query(
      `UPDATE integrations SET expires_at = now() - interval '1 hour'
        WHERE user_id = $1 AND platform = 'threads'`,
      [user.userId],
    );
    expect((await first.app.get(TokenRefresher).refreshDue()).expired).toBe(1);
    const after = (await validate(second, ['threads'])).body;
    expect(after.valid).toBe(false);
    expect(after.problems[0].code).toBe('missing_integrations');
  });
});
