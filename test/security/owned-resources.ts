import { randomUUID } from 'node:crypto';
import { hashApiKey } from '../../src/modules/api-keys/api-key-format';
import { TranscriptionJobsRepository } from '../../src/modules/ai/transcription-jobs.repository';
import { PostsService } from '../../src/modules/posts/posts.service';
import { WebhookDeliveryEntity } from '../../src/modules/webhooks/entities/webhook-delivery.entity';
import { wav } from '../fakes/media-samples';
import { addAccount } from '../utils/accounts';
import type { TestUser } from '../utils/identity';
import type { TestApp } from '../utils/test-app';
import request from 'supertest';
import { defaultScope } from '../../src/common/auth/route-auth';

/** Loopback, nothing listening: the app needs SOKU_WEBHOOK_ALLOWED_HOSTS=127.0.0.1. */
export const WEBHOOK_URL = 'http://127.0.0.1:9/in';

/** The test app's env createOwnedResources needs (the webhook endpoint and its delivery). */
export const OWNED_RESOURCES_ENV = {
  SOKU_RATE_LIMIT_ENABLED: 'false',
  SOKU_WEBHOOK_ALLOWED_HOSTS: '127.0.0.1',
  SOKU_WEBHOOK_RELAY_INTERVAL_MS: '50',
};

/** One of everything a user can own, made through the app. */
export interface OwnedResources {
  postId: string;
  mediaId: string;
  webhookId: string;
  deliveryId: string;
  jobId: string;
  apiKeyId: string;
  accountId: string;
  automationId: string;
}

async function waitForDelivery(t: TestApp, endpointId: string): Promise<string> {
  const deadline = Date.now() + 20_000;
  for (;;) {
    const found = await t.dataSource.getRepository(WebhookDeliveryEntity).findOneBy({ endpointId });
    if (found) {
      return found.id;
    }
    if (Date.now() > deadline) {
      throw new Error('the outbox relay made no delivery');
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

export async function createOwnedResources(t: TestApp, owner: TestUser): Promise<OwnedResources> {
  const account = await addAccount(t, owner.userId, 'x', 'x_owner');
  const { postSubmissionId } = await t.app
    .get(PostsService)
    // Scheduled an hour ahead: it stays queued, so a cancel by anyone would show.
    .create(defaultScope(owner.userId), {
      post: { content: { text: 'owned', platform: ['x'] } },
      scheduledTime: new Date(Date.now() + 3_600_000).toISOString(),
    });
  const bytes = wav(1);
  const upload = await request(t.http)
    .post('/v1/media/uploads')
    .set('soku-api-key', owner.apiKey)
    .send({ filename: 'owned.wav', mimeType: 'audio/wav', size: bytes.length })
    .expect(201);
  const ticket = upload.body as { mediaId: string; uploadUrl: string };
  const target = new URL(ticket.uploadUrl);
  await request(t.http)
    .put(`${target.pathname}${target.search}`)
    .set('content-type', 'audio/wav')
    .send(bytes)
    .expect(200);
  await request(t.http)
    .post(`/v1/media/uploads/${ticket.mediaId}/complete`)
    .set('soku-api-key', owner.apiKey)
    .expect(201);
  const mediaId = (upload.body as { mediaId: string }).mediaId;
  const hook = await request(t.http)
    .post('/v1/webhooks')
    .set('soku-api-key', owner.apiKey)
    .send({ url: WEBHOOK_URL, eventTypes: ['post.completed'] })
    .expect(201);
  const webhookId = (hook.body as { id: string }).id;
  // The outbox relay turns this event into a delivery to the owner's endpoint.
  await t.dataSource.query(
    `INSERT INTO events (type, user_id, data) VALUES ('post.completed', $1, '{}')`,
    [owner.userId],
  );
  const deliveryId = await waitForDelivery(t, webhookId);
  const jobId = randomUUID();
  await t.app.get(TranscriptionJobsRepository).insert(t.dataSource.manager, {
    id: jobId,
    scope: defaultScope(owner.userId),
    requestKeyHash: randomUUID(),
    mediaId,
    model: 'whisper-1',
    language: null,
    creditsReserved: 0,
    leaseSeconds: 3600,
  });
  const automation = await request(t.http)
    .post('/v1/automations')
    .set('soku-api-key', owner.apiKey)
    .send({
      name: 'owned',
      trigger: { event: 'post.published', platform: 'x' },
      action: { type: 'repost', platform: 'x' },
    })
    .expect(201);
  return {
    postId: postSubmissionId,
    mediaId,
    webhookId,
    deliveryId,
    jobId,
    apiKeyId: hashApiKey(owner.apiKey),
    accountId: account.accountId,
    automationId: (automation.body as { id: string }).id,
  };
}

/**
 * For every route with a path parameter: how to aim it at the owner's resource, and a valid body
 * when it takes one. A route the app mounts that is missing here fails the authorization audit:
 * add it (or list it under NOT_OWNED with the reason).
 */
export const OWNED_ROUTE_TARGETS: Record<
  string,
  (owned: OwnedResources) => { params: Record<string, string>; body?: object }
> = {
  'PATCH /v1/integrations/{platform}/{accountId}': (o) => ({
    params: { platform: 'x', accountId: o.accountId },
    body: { accountId: 'stolen' },
  }),
  'DELETE /v1/integrations/{platform}/{accountId}': (o) => ({
    params: { platform: 'x', accountId: o.accountId },
  }),
  'GET /v1/posts/{id}': (o) => ({ params: { id: o.postId } }),
  'DELETE /v1/posts/{id}': (o) => ({ params: { id: o.postId } }),
  'POST /v1/posts/{id}/retry': (o) => ({ params: { id: o.postId } }),
  'DELETE /v1/posts/{id}/published': (o) => ({ params: { id: o.postId } }),
  'PATCH /v1/posts/{id}': (o) => ({
    params: { id: o.postId },
    body: { post: { content: { text: 'stolen' } } },
  }),
  'GET /v1/posts/{id}/analytics': (o) => ({ params: { id: o.postId } }),
  'POST /v1/media/uploads/{mediaId}/complete': (o) => ({ params: { mediaId: o.mediaId } }),
  'GET /v1/media/{id}': (o) => ({ params: { id: o.mediaId } }),
  'DELETE /v1/media/{id}': (o) => ({ params: { id: o.mediaId } }),
  'GET /v1/ai/transcriptions/{jobId}': (o) => ({ params: { jobId: o.jobId } }),
  'GET /v1/webhooks/{id}': (o) => ({ params: { id: o.webhookId } }),
  'PATCH /v1/webhooks/{id}': (o) => ({
    params: { id: o.webhookId },
    body: { description: 'stolen', enabled: false },
  }),
  'DELETE /v1/webhooks/{id}': (o) => ({ params: { id: o.webhookId } }),
  'POST /v1/webhooks/{id}/rotate-secret': (o) => ({ params: { id: o.webhookId } }),
  'GET /v1/webhooks/{id}/deliveries': (o) => ({ params: { id: o.webhookId } }),
  'POST /v1/webhooks/{id}/deliveries/{deliveryId}/redeliver': (o) => ({
    params: { id: o.webhookId, deliveryId: o.deliveryId },
  }),
  'DELETE /v1/api-keys/{id}': (o) => ({ params: { id: o.apiKeyId } }),
  'GET /v1/automations/{id}': (o) => ({ params: { id: o.automationId } }),
  'PATCH /v1/automations/{id}': (o) => ({
    params: { id: o.automationId },
    body: { name: 'stolen', enabled: false },
  }),
  'DELETE /v1/automations/{id}': (o) => ({ params: { id: o.automationId } }),
  'GET /v1/automations/{id}/runs': (o) => ({ params: { id: o.automationId } }),
  'GET /v1/posts/{id}/events': (o) => ({ params: { id: o.postId } }),
};

/**
 * Admin routes (`/admin/…`, admin ID token) act on any user's resources by design; a non-admin
 * gets 403 on every one of them (test/e2e/ops/admin.e2e-spec.ts), so they are not owner-scoped.
 */
export function isAdminRoute(path: string): boolean {
  return path.startsWith('/admin/');
}

/** Routes whose path parameters name no user's resource. */
export const NOT_OWNED: Record<string, string> = {
  'POST /v1/integrations/{platform}/connect': '{platform} is a platform name',
  'GET /v1/integrations/{platform}/callback': 'public OAuth redirect; the state names the user',
  'GET /media/{key}': 'public media files',
  'PUT /media/{key}': 'signed upload target',
  'GET /console/{file}': "the console's static files",
  'GET /sandbox/{platform}/{id}': "public run URL of a sandbox post, like a platform's post URL",
};
