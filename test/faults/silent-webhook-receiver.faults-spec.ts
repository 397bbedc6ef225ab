import request from 'supertest';
import { startWebhookReceiver, type WebhookReceiver } from '../fakes/webhook-receiver';
import { addAccount } from '../utils/accounts';
import { createUser, type TestUser } from '../utils/identity';
import { waitForPost } from '../utils/posts';
import { createTestApp, type TestApp } from '../utils/test-app';
import { waitUntil } from './support';

interface Delivery {
  id: string;
  status: string;
  attempts: number;
  lastError: string | null;
}

/**
 * A webhook receiver that takes the request and never answers: each attempt ends at the delivery
 * timeout, the schedule runs out, publishing is not held up, and a redelivery after the receiver
 * recovers goes through with the same webhook-id.
 */
describe('a webhook receiver that never answers', () => {
  let t: TestApp;
  let receiver: WebhookReceiver;
  let user: TestUser;

  beforeAll(async () => {
    receiver = await startWebhookReceiver();
    t = await createTestApp({
      env: {
        SOKU_RATE_LIMIT_ENABLED: 'false',
        SOKU_WEBHOOK_ALLOWED_HOSTS: '127.0.0.1',
        SOKU_WEBHOOK_RETRY_SCHEDULE: '20ms,20ms',
        SOKU_WEBHOOK_TIMEOUT_MS: '300',
        SOKU_WEBHOOK_RELAY_INTERVAL_MS: '50',
      },
    });
    user = await createUser(t);
    await addAccount(t, user.userId, 'x', 'x_main');
  });

  afterAll(async () => {
    await t?.close();
    await receiver?.close();
  });

  const api = () => ({
    get: (path: string) => request(t.http).get(path).set('soku-api-key', user.apiKey),
    post: (path: string) => request(t.http).post(path).set('soku-api-key', user.apiKey),
  });

  it('should time out each attempt, give up after the schedule, and redeliver once it answers', async () => {
    const hook = await api()
      .post('/v1/webhooks')
      .send({ url: receiver.url, eventTypes: ['post.completed'] })
      .expect(201);
    receiver.hold = true;

    const created = await api()
      .post('/v1/posts')
      .send({ post: { content: { text: 'to a silent receiver', platform: ['x'] } } })
      .expect(201);
    const post = await waitForPost(t, user.apiKey, created.body.postSubmissionId);
    expect(post.outcome).toBe('succeeded');

    let deliveries: Delivery[] = [];
    await waitUntil(
      async () => {
        const res = await api().get(`/v1/webhooks/${hook.body.id}/deliveries`).expect(200);
        deliveries = res.body.data;
        return deliveries[0]?.status === 'failed';
      },
      'the delivery to give up',
      () => JSON.stringify(deliveries),
    );
    expect(deliveries).toHaveLength(1);
    expect(deliveries[0].attempts).toBe(3);
    expect(deliveries[0].lastError).toContain('No answer within 300 ms');
    expect(receiver.received).toHaveLength(3);

    receiver.hold = false;
    await api()
      .post(`/v1/webhooks/${hook.body.id}/deliveries/${deliveries[0].id}/redeliver`)
      .expect(202);
    await waitUntil(
      async () => {
        const res = await api().get(`/v1/webhooks/${hook.body.id}/deliveries`).expect(200);
        deliveries = res.body.data;
        return deliveries[0]?.status === 'succeeded';
      },
      'the redelivery to succeed',
      () => JSON.stringify(deliveries),
    );
    expect(receiver.received).toHaveLength(4);
    expect(new Set(receiver.received.map((r) => r.headers['webhook-id'])).size).toBe(1);
  }, 60_000);
});
