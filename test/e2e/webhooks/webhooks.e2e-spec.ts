import request from 'supertest';
import { Webhook } from 'standardwebhooks';
import { PostsService } from '../../../src/modules/posts/posts.service';
import { startWebhookReceiver, type WebhookReceiver } from '../../fakes/webhook-receiver';
import { addAccount } from '../../utils/accounts';
import { createUser, type TestUser } from '../../utils/identity';
import { waitForPost } from '../../utils/posts';
import { createTestApp, type TestApp } from '../../utils/test-app';
import { waitFor } from '../../utils/wait';
import { defaultScope } from '../../../src/common/auth/route-auth';

describe('webhooks', () => {
  let t: TestApp;
  let receiver: WebhookReceiver;
  let user: TestUser;

  beforeAll(async () => {
    t = await createTestApp({
      env: {
        SOKU_WEBHOOK_ALLOWED_HOSTS: '127.0.0.1',
        SOKU_WEBHOOK_RETRY_SCHEDULE: '20ms,20ms,20ms,20ms',
        SOKU_WEBHOOK_RELAY_INTERVAL_MS: '50',
        SOKU_RETRY_BASE_MS: '20',
      },
    });
  });
  beforeEach(async () => {
    await t.reset();
    receiver = await startWebhookReceiver();
    user = await createUser(t);
    await addAccount(t, user.userId, 'x', 'x_main');
    await addAccount(t, user.userId, 'threads', 'threads_main');
  });
  afterEach(() => receiver?.close());
  afterAll(() => t.close());

  function api(key = user.apiKey) {
    return {
      post: (path: string) => request(t.http).post(path).set('soku-api-key', key),
      get: (path: string) => request(t.http).get(path).set('soku-api-key', key),
      patch: (path: string) => request(t.http).patch(path).set('soku-api-key', key),
      delete: (path: string) => request(t.http).delete(path).set('soku-api-key', key),
    };
  }

  async function register(eventTypes: string[]): Promise<{ id: string; secret: string }> {
    const res = await api()
      .post('/v1/webhooks')
      .send({ url: receiver.url, eventTypes })
      .expect(201);
    return res.body as { id: string; secret: string };
  }

  async function publish(text: string, platform: string[] = ['x', 'threads']): Promise<string> {
    const { postSubmissionId } = await t.app
      .get(PostsService)
      .create(defaultScope(user.userId), { post: { content: { text, platform } } });
    await waitForPost(t, user.apiKey, postSubmissionId);
    return postSubmissionId;
  }

  it('should sign every event so the standardwebhooks library verifies it', async () => {
    const hook = await register(['post.run.succeeded', 'post.run.failed', 'post.completed']);
    expect(hook.secret).toMatch(/^whsec_[A-Za-z0-9+/]+=*$/);
    const id = await publish('hello #sandbox-fail:threads');
    await waitFor(
      'three events',
      () => Promise.resolve(receiver.received.length),
      (n) => n >= 3,
    );

    const verifier = new Webhook(hook.secret);
    const verified = receiver.received.map(
      (r) =>
        verifier.verify(r.body, r.headers as Record<string, string>) as {
          id: string;
          type: string;
          data: { id: string; outcome: string; runId?: string };
        },
    );
    expect(verified.map((e) => e.type).sort()).toEqual([
      'post.completed',
      'post.run.failed',
      'post.run.succeeded',
    ]);
    for (const [i, event] of verified.entries()) {
      expect(event.data.id).toBe(id);
      expect(receiver.received[i].headers['webhook-id']).toBe(event.id);
    }
    const completed = verified.find((e) => e.type === 'post.completed')!;
    expect(completed.data.outcome).toBe('partial');
    expect(() =>
      new Webhook(`whsec_${Buffer.from('another secret entirely!').toString('base64')}`).verify(
        receiver.received[0].body,
        receiver.received[0].headers as Record<string, string>,
      ),
    ).toThrow();
  });

  it('should retry a failing receiver with the same event id until it answers 2xx', async () => {
    const hook = await register(['post.completed']);
    receiver.statuses = [500, 500, 500];
    await publish('retry me', ['x']);
    await waitFor(
      'four attempts',
      () => Promise.resolve(receiver.received.length),
      (n) => n >= 4,
    );
    const ids = receiver.received.map((r) => r.headers['webhook-id']);
    expect(new Set(ids).size).toBe(1);

    const deliveries = await waitFor(
      'the delivery to succeed',
      async () => (await api().get(`/v1/webhooks/${hook.id}/deliveries`).expect(200)).body,
      (body: { data: { status: string }[] }) => body.data[0]?.status === 'succeeded',
    );
    expect(deliveries.data).toEqual([
      expect.objectContaining({ eventId: ids[0], attempts: 4, lastStatusCode: 200 }),
    ]);
    expect(receiver.received).toHaveLength(4);
  });

  it('should give up after the schedule, and redeliver on request with the same id', async () => {
    const hook = await register(['post.completed']);
    receiver.statuses = [500, 500, 500, 500, 500];
    await publish('give up', ['x']);
    const failed = await waitFor(
      'the delivery to fail',
      async () => (await api().get(`/v1/webhooks/${hook.id}/deliveries`).expect(200)).body,
      (body: { data: { status: string }[] }) => body.data[0]?.status === 'failed',
    );
    const delivery = failed.data[0] as unknown as {
      id: string;
      attempts: number;
      lastError: string;
    };
    expect(delivery.attempts).toBe(5);
    expect(delivery.lastError).toContain('gave up after 5 attempts');

    await api().post(`/v1/webhooks/${hook.id}/deliveries/${delivery.id}/redeliver`).expect(202);
    await waitFor(
      'the redelivery',
      () => Promise.resolve(receiver.received.length),
      (n) => n >= 6,
    );
    expect(new Set(receiver.received.map((r) => r.headers['webhook-id'])).size).toBe(1);
  });

  it('should disable the endpoint when it answers 410 Gone', async () => {
    const hook = await register(['post.run.succeeded']);
    receiver.statuses = [410];
    await publish('gone', ['x']);
    const endpoint = await waitFor(
      'the endpoint to be disabled',
      async () => (await api().get(`/v1/webhooks/${hook.id}`).expect(200)).body,
      (body: { enabled: boolean; disabledReason: string }) => !body.enabled,
    );
    expect(endpoint.disabledReason).toContain('410');
    await publish('after gone', ['x']);
    const { body } = await api().get(`/v1/webhooks/${hook.id}/deliveries`).expect(200);
    expect(body.data).toHaveLength(1);
    expect(receiver.received).toHaveLength(1);
  });

  it('should send post.cancelled when a scheduled post is cancelled', async () => {
    await register(['post.cancelled']);
    const { postSubmissionId } = await t.app.get(PostsService).create(defaultScope(user.userId), {
      post: { content: { text: 'later', platform: ['x'] } },
      scheduledTime: new Date(Date.now() + 3_600_000).toISOString(),
    });
    await api().delete(`/v1/posts/${postSubmissionId}`).expect(200);
    await waitFor(
      'the event',
      () => Promise.resolve(receiver.received.length),
      (n) => n >= 1,
    );
    expect(JSON.parse(receiver.received[0].body)).toMatchObject({
      type: 'post.cancelled',
      data: { id: postSubmissionId, status: 'cancelled' },
    });
  });

  it('should refuse URLs that are not public https, with a precise 400', async () => {
    for (const url of [
      'http://example.com/hook',
      'https://169.254.169.254/latest',
      'https://localhost/hook',
      'https://10.0.0.1/hook',
      'https://[::ffff:127.0.0.1]/hook',
      'https://user:pw@example.com/hook',
      'not a url',
    ]) {
      const res = await api()
        .post('/v1/webhooks')
        .send({ url, eventTypes: ['post.completed'] })
        .expect(400);
      expect(res.body.error.details[0]).toMatchObject({ field: 'body.url', code: 'invalid_url' });
    }
    const res = await api()
      .post('/v1/webhooks')
      .send({ url: receiver.url, eventTypes: ['post.nonsense'] })
      .expect(400);
    expect(res.body.error.details[0].field).toBe('body.eventTypes');
  });

  it("should answer 404 for another user's endpoint, and rotate secrets", async () => {
    const hook = await register(['post.completed']);
    const other = await createUser(t);
    await api(other.apiKey).get(`/v1/webhooks/${hook.id}`).expect(404);
    await api(other.apiKey).delete(`/v1/webhooks/${hook.id}`).expect(404);
    await api(other.apiKey).get(`/v1/webhooks/${hook.id}/deliveries`).expect(404);
    await api().get('/v1/webhooks/not-a-uuid').expect(404);

    const rotated = await api().post(`/v1/webhooks/${hook.id}/rotate-secret`).expect(200);
    expect(rotated.body.secret).not.toBe(hook.secret);
    await publish('rotated', ['x']);
    await waitFor(
      'the event',
      () => Promise.resolve(receiver.received.length),
      (n) => n >= 1,
    );
    const [hit] = receiver.received;
    expect(() =>
      new Webhook(rotated.body.secret).verify(hit.body, hit.headers as Record<string, string>),
    ).not.toThrow();
    const list = await api().get('/v1/webhooks').expect(200);
    expect(list.body.data).toHaveLength(1);
    expect(list.body.data[0].secret).toBeUndefined();
  });
});
