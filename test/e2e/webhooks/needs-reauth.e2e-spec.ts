import request from 'supertest';
import { Webhook } from 'standardwebhooks';
import { TokenRefresher } from '../../../src/modules/integrations/token-refresher';
import { FakeOAuthPlatform } from '../../fakes/oauth-platform';
import { startWebhookReceiver, type WebhookReceiver } from '../../fakes/webhook-receiver';
import { createUser } from '../../utils/identity';
import { createTestApp, type TestApp } from '../../utils/test-app';
import { waitFor } from '../../utils/wait';
import { connect, INTEGRATIONS_TEST_ENV, platformEnv } from '../integrations/integrations-support';

describe('integration.needs_reauth webhooks', () => {
  let fake: FakeOAuthPlatform;
  let receiver: WebhookReceiver;
  let t: TestApp;

  beforeAll(async () => {
    fake = await new FakeOAuthPlatform().start();
    receiver = await startWebhookReceiver();
    t = await createTestApp({
      env: {
        ...INTEGRATIONS_TEST_ENV,
        ...platformEnv(fake, ['x']),
        SOKU_WEBHOOK_ALLOWED_HOSTS: '127.0.0.1',
        SOKU_WEBHOOK_RELAY_INTERVAL_MS: '50',
      },
    });
  });
  afterAll(async () => {
    await t?.close();
    await receiver?.close();
    await fake?.stop();
  });

  it('should deliver the event, signed, when a refresh meets invalid_grant', async () => {
    const user = await createUser(t);
    const hook = await request(t.http)
      .post('/v1/webhooks')
      .set('soku-api-key', user.apiKey)
      .send({ url: receiver.url, eventTypes: ['integration.needs_reauth'] })
      .expect(201);
    const account = (await connect(t, user.apiKey, 'x')).accounts[0];
    await t.dataSource.query(
      `UPDATE integrations SET expires_at = now() + interval '1 minute' WHERE id = $1`,
      [account.id],
    );
    fake.failNextToken = {
      status: 400,
      body: { error: 'invalid_grant', error_description: 'Token has been expired or revoked.' },
    };

    await expect(t.app.get(TokenRefresher).refreshDue()).resolves.toMatchObject({ needsReauth: 1 });

    const [hit] = await waitFor(
      'the event',
      () => Promise.resolve(receiver.received),
      (received) => received.length > 0,
    );
    const event = new Webhook(hook.body.secret as string).verify(
      hit.body,
      hit.headers as Record<string, string>,
    );
    expect(event).toEqual({
      id: hit.headers['webhook-id'],
      type: 'integration.needs_reauth',
      // The account's profile: the default one, for an account connected without Soku-Profile.
      profileId: user.userId,
      createdAt: expect.any(String),
      data: expect.objectContaining({
        id: account.id,
        platform: 'x',
        accountId: account.accountId,
        status: 'needs_reauth',
        lastError: 'invalid_grant: Token has been expired or revoked.',
      }),
    });
  });
});
