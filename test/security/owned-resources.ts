import { randomUUID } from 'node:crypto';
import { hashApiKey } from '../../src/modules/api-keys/api-key-format';
import { WebhookDeliveryEntity } from '../../src/modules/webhooks/entities/webhook-delivery.entity';
import { wav } from '../fakes/media-samples';
import type { TestUser } from '../utils/identity';
import type { TestApp } from '../utils/test-app';
import request, { type Response } from 'supertest';

/** Loopback, nothing listening: the app needs SOKU_WEBHOOK_ALLOWED_HOSTS=127.0.0.1. */
export const WEBHOOK_URL = 'http://127.0.0.1:9/in';

/** The test app's env createOwnedResources needs (the webhook endpoint and its delivery). */
export const OWNED_RESOURCES_ENV = {
  SOKU_RATE_LIMIT_ENABLED: 'false',
  SOKU_WEBHOOK_ALLOWED_HOSTS: '127.0.0.1',
  SOKU_WEBHOOK_RELAY_INTERVAL_MS: '50',
};

const OWNED_ACCOUNT_ID = 'x_owner';

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
  /** The profile all of the above live in (the default one's id is the user's). */
  profileId: string;
}

/**
 * Resources that belong to the user, not to one profile: every profile of the user reaches them
 * (a key bound to a profile reaches only its own profile, and no keys).
 */
export const USER_WIDE_RESOURCES: (keyof OwnedResources)[] = ['apiKeyId', 'profileId'];

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

/**
 * One of everything a user can own, in `profileId` (sent as `Soku-Profile`) or the default
 * profile, made through the app's routes.
 */
export async function createOwnedResources(
  t: TestApp,
  owner: TestUser,
  profileId?: string,
): Promise<OwnedResources> {
  const headers: Record<string, string> = { 'soku-api-key': owner.apiKey };
  if (profileId) {
    headers['soku-profile'] = profileId;
  }
  const post = (path: string) => request(t.http).post(path).set(headers);
  const sandbox = await post('/v1/integrations/sandbox').send({ platforms: ['x'] });
  expectCreated(sandbox, 'POST /v1/integrations/sandbox');
  // A name of the owner's own: `sandbox_x` is every user's, and would show in their answers.
  const renamed = await request(t.http)
    .patch('/v1/integrations/x/sandbox_x')
    .set(headers)
    .send({ accountId: OWNED_ACCOUNT_ID });
  if (renamed.status !== 200) {
    throw new Error(`PATCH /v1/integrations/x/sandbox_x → ${renamed.status} ${renamed.text}`);
  }
  // Scheduled an hour ahead: it stays queued, so a cancel by anyone would show.
  const created = await post('/v1/posts').send({
    post: { content: { text: 'owned', platform: ['x'] } },
    scheduledTime: new Date(Date.now() + 3_600_000).toISOString(),
  });
  const { postSubmissionId } = expectCreated(created, 'POST /v1/posts') as {
    postSubmissionId: string;
  };
  const bytes = wav(1);
  const upload = await post('/v1/media/uploads').send({
    filename: 'owned.wav',
    mimeType: 'audio/wav',
    size: bytes.length,
  });
  const ticket = expectCreated(upload, 'POST /v1/media/uploads') as {
    mediaId: string;
    uploadUrl: string;
  };
  const target = new URL(ticket.uploadUrl);
  await request(t.http)
    .put(`${target.pathname}${target.search}`)
    .set('content-type', 'audio/wav')
    .send(bytes)
    .expect(200);
  await post(`/v1/media/uploads/${ticket.mediaId}/complete`).expect(201);
  const mediaId = ticket.mediaId;
  const hook = await post('/v1/webhooks').send({
    url: WEBHOOK_URL,
    eventTypes: ['post.completed'],
  });
  const webhookId = (expectCreated(hook, 'POST /v1/webhooks') as { id: string }).id;
  const profile = profileId ?? owner.userId;
  // The outbox relay turns this event into a delivery to the owner's endpoint.
  await t.dataSource.query(
    `INSERT INTO events (type, user_id, profile_id, data) VALUES ('post.completed', $1, $2, '{}')`,
    [owner.userId, profile],
  );
  const deliveryId = await waitForDelivery(t, webhookId);
  const jobId = randomUUID();
  await t.dataSource.query(
    `INSERT INTO transcription_jobs (id, user_id, profile_id, request_key_hash, media_id, status,
       model, language, credits_reserved, lease_expires_at)
     VALUES ($1, $2, $3, $4, $5, 'processing', 'whisper-1', NULL, 0, now() + interval '1 hour')`,
    [jobId, owner.userId, profile, randomUUID(), mediaId],
  );
  const automation = await post('/v1/automations').send({
    name: 'owned',
    trigger: { event: 'post.published', platform: 'x' },
    action: { type: 'repost', platform: 'x' },
  });
  return {
    postId: postSubmissionId,
    mediaId,
    webhookId,
    deliveryId,
    jobId,
    apiKeyId: hashApiKey(owner.apiKey),
    accountId: OWNED_ACCOUNT_ID,
    automationId: (expectCreated(automation, 'POST /v1/automations') as { id: string }).id,
    profileId: profile,
  };
}

function expectCreated(res: Response, route: string): unknown {
  if (res.status !== 201) {
    throw new Error(`${route} → ${res.status} ${JSON.stringify(res.body)}`);
  }
  return res.body;
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
  'GET /v1/profiles/{id}': (o) => ({ params: { id: o.profileId } }),
  'PATCH /v1/profiles/{id}': (o) => ({ params: { id: o.profileId }, body: { name: 'stolen' } }),
  'DELETE /v1/profiles/{id}': (o) => ({ params: { id: o.profileId } }),
};

/**
 * Routes aimed at a resource every profile of its user reaches (USER_WIDE_RESOURCES): another
 * user's id is a 404, another profile's is not.
 */
export const USER_WIDE_ROUTES: Record<string, string> = {
  'DELETE /v1/api-keys/{id}': 'API keys are managed with the ID token, for every profile',
  'GET /v1/profiles/{id}': 'profiles are managed from any profile; a bound key sees its own',
  'PATCH /v1/profiles/{id}': 'profiles are managed from any profile; a bound key gets 403',
  'DELETE /v1/profiles/{id}': 'profiles are managed from any profile; a bound key gets 403',
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

/**
 * Asserts that the owner's resources are as createOwnedResources made them, read through `get`
 * (the owner's credentials, and profile when there is one); the profile is named `profileName`.
 */
export async function expectOwnedUnchanged(
  get: (path: string) => request.Test,
  owned: OwnedResources,
  profileName: string,
): Promise<void> {
  expect((await get(`/v1/posts/${owned.postId}`).expect(200)).body.status).toBe('queued');
  await get(`/v1/media/${owned.mediaId}`).expect(200);
  await get(`/v1/ai/transcriptions/${owned.jobId}`).expect(200);
  const hook = await get(`/v1/webhooks/${owned.webhookId}`).expect(200);
  expect(hook.body).toMatchObject({ enabled: true, description: null });
  const automation = await get(`/v1/automations/${owned.automationId}`).expect(200);
  expect(automation.body).toMatchObject({ name: 'owned', enabled: true });
  const integrations = await get('/v1/integrations').expect(200);
  expect(JSON.stringify(integrations.body)).toContain(owned.accountId);
  const profile = await get(`/v1/profiles/${owned.profileId}`).expect(200);
  expect(profile.body.name).toBe(profileName);
}
