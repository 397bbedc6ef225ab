import { randomUUID } from 'node:crypto';
import request from 'supertest';
import { startWebhookReceiver, type WebhookReceiver } from '../fakes/webhook-receiver';
import { addAccount } from '../utils/accounts';
import { createUser, type TestUser } from '../utils/identity';
import { waitForPost } from '../utils/posts';
import { hasRedisServerBinary, type RedisServer, startRedisServer } from '../utils/redis-server';
import { createTestApp, FAIL_FAST_REDIS, type TestApp } from '../utils/test-app';
import { waitUntil } from './support';

interface Delivery {
  id: string;
  status: string;
}

/**
 * A redelivery asked for while Redis is down: the restart is committed, so the answer is the
 * pending delivery (not a 503 that invites a retry the API then refuses as pending), and the
 * outbox relay sends it once Redis is back, under the same webhook-id.
 */
(hasRedisServerBinary() ? describe : describe.skip)('a redelivery while Redis is down', () => {
  let redis: RedisServer;
  let t: TestApp;
  let user: TestUser;
  let receiver: WebhookReceiver;

  beforeAll(async () => {
    redis = await startRedisServer();
    receiver = await startWebhookReceiver();
    t = await createTestApp({
      env: {
        REDIS_URL: redis.url,
        ...FAIL_FAST_REDIS,
        SOKU_QUEUE_PREFIX: `faults${randomUUID().slice(0, 8)}`,
        SOKU_RATE_LIMIT_ENABLED: 'false',
        SOKU_WEBHOOK_ALLOWED_HOSTS: '127.0.0.1',
        SOKU_WEBHOOK_RETRY_SCHEDULE: '20ms',
        SOKU_WEBHOOK_RELAY_INTERVAL_MS: '200',
        SOKU_RECONCILE_INTERVAL_MS: '300',
      },
    });
    user = await createUser(t);
    await addAccount(t, user.userId, 'x', 'x_main');
  });

  afterAll(async () => {
    await t?.close();
    await receiver?.close();
    await redis?.kill();
  }, 120_000);

  const api = () => ({
    get: (path: string) => request(t.http).get(path).set('soku-api-key', user.apiKey),
    post: (path: string) => request(t.http).post(path).set('soku-api-key', user.apiKey),
  });

  async function latestDelivery(hookId: string): Promise<Delivery | undefined> {
    const res = await api().get(`/v1/webhooks/${hookId}/deliveries`).expect(200);
    return (res.body.data as Delivery[])[0];
  }

  it('should answer with the pending delivery and send it once Redis is back', async () => {
    const hook = await api()
      .post('/v1/webhooks')
      .send({ url: receiver.url, eventTypes: ['post.completed'] })
      .expect(201);
    receiver.statuses = [500, 500];
    const created = await api()
      .post('/v1/posts')
      .send({ post: { content: { text: 'redelivered after an outage', platform: ['x'] } } })
      .expect(201);
    expect((await waitForPost(t, user.apiKey, created.body.postSubmissionId)).outcome).toBe(
      'succeeded',
    );
    let delivery: Delivery | undefined;
    await waitUntil(
      async () => (delivery = await latestDelivery(hook.body.id))?.status === 'failed',
      'the delivery to fail',
      () => JSON.stringify(delivery),
    );

    await redis.kill();
    const redelivered = await api()
      .post(`/v1/webhooks/${hook.body.id}/deliveries/${delivery!.id}/redeliver`)
      .expect(202);
    expect(redelivered.body).toMatchObject({ id: delivery!.id, status: 'pending' });
    // Pending now: asking again is refused, as it would be with Redis up.
    await api()
      .post(`/v1/webhooks/${hook.body.id}/deliveries/${delivery!.id}/redeliver`)
      .expect(409);

    redis = await startRedisServer(redis.port);
    await waitUntil(
      async () => (delivery = await latestDelivery(hook.body.id))?.status === 'succeeded',
      'the relay to send the redelivery',
      () => JSON.stringify(delivery),
    );
    expect(receiver.received).toHaveLength(3);
    expect(new Set(receiver.received.map((r) => r.headers['webhook-id'])).size).toBe(1);
  }, 90_000);
});
