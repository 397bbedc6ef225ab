import request from 'supertest';
import { Webhook } from 'standardwebhooks';
import { EncryptWebhookSecrets1766700000000 } from '../../../src/database/migrations/1766700000000-EncryptWebhookSecrets';
import { type Keyring, loadKeyring } from '../../../src/infra/vault/encryption-keys';
import { TokenVault } from '../../../src/infra/vault/token-vault';
import { PostsService } from '../../../src/modules/posts/posts.service';
import { webhookSecretContext } from '../../../src/modules/webhooks/webhook-secret';
import { startWebhookReceiver, type WebhookReceiver } from '../../fakes/webhook-receiver';
import { addAccount } from '../../utils/accounts';
import { createUser, type TestUser } from '../../utils/identity';
import { createTestApp, type TestApp } from '../../utils/test-app';
import { waitFor } from '../../utils/wait';
import { defaultScope } from '../../../src/common/auth/route-auth';

/** Whoever reads a backup of webhook_endpoints must not be able to sign events. */
describe('webhook signing secrets at rest', () => {
  let t: TestApp;
  let receiver: WebhookReceiver;
  let user: TestUser;
  let keyring: Keyring;
  let vault: TokenVault;

  beforeAll(async () => {
    t = await createTestApp({
      env: {
        SOKU_WEBHOOK_ALLOWED_HOSTS: '127.0.0.1',
        SOKU_WEBHOOK_RELAY_INTERVAL_MS: '50',
      },
    });
    keyring = loadKeyring(t.config.integrations, t.config.app.dataDir);
    vault = new TokenVault(keyring);
  });
  beforeEach(async () => {
    await t.reset();
    receiver = await startWebhookReceiver();
    user = await createUser(t);
    await addAccount(t, user.userId, 'x', 'x_main');
  });
  afterEach(() => receiver?.close());
  afterAll(() => t.close());

  async function register(): Promise<{ id: string; secret: string }> {
    const res = await request(t.http)
      .post('/v1/webhooks')
      .set('soku-api-key', user.apiKey)
      .send({ url: receiver.url, eventTypes: ['post.completed'] })
      .expect(201);
    return res.body as { id: string; secret: string };
  }

  async function stored(id: string): Promise<string> {
    const [row] = await t.dataSource.query('SELECT secret FROM webhook_endpoints WHERE id = $1', [
      id,
    ]);
    return row.secret as string;
  }

  /**
   * One event delivered and verified with `secret`. Every endpoint of the user receives the event,
   * each signed with its own secret, in no set order: so `endpoints` deliveries are awaited and
   * exactly one of them must verify with `secret`.
   */
  async function expectEventSignedWith(secret: string, endpoints = 1): Promise<void> {
    await t.app.get(PostsService).create(defaultScope(user.userId), {
      post: { content: { text: 'signed', platform: ['x'] } },
    });
    await waitFor(
      'the events',
      () => Promise.resolve(receiver.received.length),
      (n) => n >= endpoints,
    );
    const verified = receiver.received.flatMap((event) => {
      try {
        return [
          new Webhook(secret).verify(event.body, event.headers as Record<string, string>) as {
            type: string;
          },
        ];
      } catch {
        return [];
      }
    });
    expect(verified.map((event) => event.type)).toEqual(['post.completed']);
  }

  it('should store the secret encrypted, bound to its endpoint, and still sign with it', async () => {
    const hook = await register();
    const ciphertext = await stored(hook.id);
    expect(ciphertext).not.toContain('whsec_');
    expect(ciphertext).not.toContain(hook.secret.slice('whsec_'.length));
    expect(ciphertext.startsWith(`v1.${keyring.current.id}.`)).toBe(true);
    expect(vault.decrypt(ciphertext, webhookSecretContext(hook.id))).toBe(hook.secret);

    const other = await register();
    expect(() => vault.decrypt(ciphertext, webhookSecretContext(other.id))).toThrow();

    await expectEventSignedWith(hook.secret, 2);
  });

  it('should store a rotated secret encrypted too', async () => {
    const hook = await register();
    const rotated = await request(t.http)
      .post(`/v1/webhooks/${hook.id}/rotate-secret`)
      .set('soku-api-key', user.apiKey)
      .expect(200);
    const ciphertext = await stored(hook.id);
    expect(ciphertext).not.toContain('whsec_');
    expect(vault.decrypt(ciphertext, webhookSecretContext(hook.id))).toBe(rotated.body.secret);
    await expectEventSignedWith(rotated.body.secret as string);
  });

  it('should encrypt the clear secrets a database holds from before, and decrypt them back on down', async () => {
    const hook = await register();
    // The row as the previous release wrote it.
    await t.dataSource.query('UPDATE webhook_endpoints SET secret = $2 WHERE id = $1', [
      hook.id,
      hook.secret,
    ]);
    const migration = new EncryptWebhookSecrets1766700000000(keyring);
    const runner = t.dataSource.createQueryRunner();
    try {
      await migration.up(runner);
      const ciphertext = await stored(hook.id);
      expect(ciphertext).not.toContain('whsec_');
      expect(vault.decrypt(ciphertext, webhookSecretContext(hook.id))).toBe(hook.secret);

      await migration.down(runner);
      expect(await stored(hook.id)).toBe(hook.secret);
      await migration.up(runner);
    } finally {
      await runner.release();
    }
    await expectEventSignedWith(hook.secret);
  });
});
