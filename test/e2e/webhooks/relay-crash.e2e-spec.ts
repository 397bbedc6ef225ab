import { Webhook } from 'standardwebhooks';
import { PostsService } from '../../../src/modules/posts/posts.service';
import { WebhooksService } from '../../../src/modules/webhooks/webhooks.service';
import { startWebhookReceiver, type WebhookReceiver } from '../../fakes/webhook-receiver';
import { addAccount } from '../../utils/accounts';
import { createUser } from '../../utils/identity';
import {
  killStray,
  spawnSoku,
  type SokuProcess,
  waitHealthy,
  sharingTestDatabase,
} from '../../utils/soku-process';
import { createTestApp, type TestApp } from '../../utils/test-app';
import { defaultScope } from '../../../src/common/auth/route-auth';

/**
 * A worker SIGKILLed between a run's success and its webhook: the event is in the outbox (or its
 * delivery claimed but unanswered), and the next worker delivers it, same event id.
 */
describe('webhooks across a worker crash', () => {
  let t: TestApp;
  let receiver: WebhookReceiver;
  let env: Record<string, string>;

  beforeAll(async () => {
    // This app only writes (role api): the spawned worker processes publish and deliver.
    t = await createTestApp({ env: { SOKU_ROLE: 'api', SOKU_WEBHOOK_ALLOWED_HOSTS: '127.0.0.1' } });
    env = {
      ...sharingTestDatabase(t.config.app.dataDir),
      SOKU_ROLE: 'all',
      SOKU_RECONCILE_INTERVAL_MS: '200',
      SOKU_WEBHOOK_ALLOWED_HOSTS: '127.0.0.1',
      SOKU_WEBHOOK_RETRY_SCHEDULE: '20ms',
      SOKU_WEBHOOK_RELAY_INTERVAL_MS: '50',
      LOG_LEVEL: 'warn',
    };
  });
  beforeEach(async () => {
    await t.reset();
    receiver = await startWebhookReceiver();
  });
  afterEach(async () => {
    killStray();
    await receiver.close();
  });
  afterAll(() => t.close());

  async function until(what: string, check: () => Promise<boolean>, proc: SokuProcess) {
    const deadline = Date.now() + 60_000;
    while (!(await check())) {
      if (Date.now() > deadline) {
        throw new Error(`timed out waiting for ${what}\n${proc.output()}`);
      }
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }

  async function subscribeAndPost(): Promise<{ secret: string }> {
    const user = await createUser(t);
    await addAccount(t, user.userId, 'x', 'x_main');
    const hook = await t.app
      .get(WebhooksService)
      .create(defaultScope(user.userId), { url: receiver.url, eventTypes: ['post.run.succeeded'] });
    await t.app.get(PostsService).create(defaultScope(user.userId), {
      post: { content: { text: 'crash me', platform: ['x'] } },
    });
    return hook;
  }

  async function query(sql: string): Promise<number> {
    const [row] = await t.dataSource.query<{ n: number }[]>(sql);
    return row.n;
  }

  async function restartAndExpectDelivery(secret: string, attempts: number): Promise<void> {
    receiver.hold = false;
    const second = await spawnSoku(env);
    await waitHealthy(second);
    await until(
      'the delivery to succeed',
      async () =>
        (await query(
          `SELECT count(*)::int AS n FROM webhook_deliveries WHERE status = 'succeeded'`,
        )) === 1,
      second,
    );
    expect(receiver.received).toHaveLength(attempts);
    const ids = new Set(receiver.received.map((r) => r.headers['webhook-id']));
    expect(ids.size).toBe(1);
    const last = receiver.received.at(-1)!;
    expect(
      new Webhook(secret).verify(last.body, last.headers as Record<string, string>),
    ).toMatchObject({ type: 'post.run.succeeded' });
  }

  it('should deliver an event the relay had not picked up when the worker died', async () => {
    // A relay that runs at start-up and then not for a minute: the event waits in the outbox.
    const first = await spawnSoku({ ...env, SOKU_WEBHOOK_RELAY_INTERVAL_MS: '60000' });
    await waitHealthy(first);
    const { secret } = await subscribeAndPost();
    await until(
      'the run to succeed with its event unrelayed',
      async () =>
        (await query(
          `SELECT count(*)::int AS n FROM events WHERE type = 'post.run.succeeded' AND processed_at IS NULL`,
        )) === 1,
      first,
    );
    first.child.kill('SIGKILL');
    await first.exited;
    expect(receiver.received).toHaveLength(0);

    await restartAndExpectDelivery(secret, 1);
  }, 120_000);

  it('should deliver again, same event id, when the worker died waiting for the receiver', async () => {
    receiver.hold = true;
    // The claim outlives the attempt's timeout (2 s) by 7 s in all; then the delivery is due again.
    const first = await spawnSoku({ ...env, SOKU_WEBHOOK_TIMEOUT_MS: '2000' });
    await waitHealthy(first);
    const { secret } = await subscribeAndPost();
    await until(
      'the first attempt to arrive',
      () => Promise.resolve(receiver.received.length > 0),
      first,
    );
    first.child.kill('SIGKILL');
    await first.exited;

    await restartAndExpectDelivery(secret, 2);
  }, 120_000);
});
