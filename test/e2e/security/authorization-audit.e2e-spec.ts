import { randomUUID } from 'node:crypto';
import request from 'supertest';
import { WebhookDeliveryEntity } from '../../../src/modules/webhooks/entities/webhook-delivery.entity';
import { WebhookEndpointEntity } from '../../../src/modules/webhooks/entities/webhook-endpoint.entity';
import { loadOpenApi, type Schema } from '../../security/openapi-document';
import {
  createOwnedResources,
  isAdminRoute,
  NOT_OWNED,
  OWNED_RESOURCES_ENV,
  OWNED_ROUTE_TARGETS,
  type OwnedResources,
  WEBHOOK_URL,
} from '../../security/owned-resources';
import { NON_API_ROUTES, PUBLIC_ROUTES } from '../../security/public-routes';
import { auditRoutes, mountedRoutes, type MountedRoute } from '../../security/route-audit';
import { expectEnvelope } from '../../utils/assertions';
import { createUser, type TestUser } from '../../utils/identity';
import { createTestApp, type TestApp } from '../../utils/test-app';

const MASS_ASSIGNED = ['userId', 'status', 'platformPostId', 'id', 'createdAt'];
/** A row POST /v1/posts/bulk would create, but for what the audit adds to it. */
const BULK_ROW = { post: { content: { text: 'audit', platform: 'x' } } };

type Detail = { field: string; code: string };
const unrecognized = (details: Detail[]): string[] =>
  details.filter((d) => d.code === 'unrecognized_keys').map((d) => d.field);

/**
 * Authorization, driven by what the app really mounts: every route documented and decided, and
 * user B never reaching user A's resources (404, never 403 or 2xx), whatever the route.
 */
describe('authorization audit', () => {
  let t: TestApp;
  let owner: TestUser;
  let intruder: TestUser;
  let admin: TestUser;
  let owned: OwnedResources;
  let routes: MountedRoute[];
  const doc = loadOpenApi();
  /** Whether a body is an array of rows (the bulk import) rather than one object. */
  const takesRows = (schema: Schema): boolean => {
    const resolved = doc.resolve(schema) as { type?: string; oneOf?: { type?: string }[] };
    return resolved.type === 'array' || (resolved.oneOf ?? []).some((s) => s.type === 'array');
  };

  beforeAll(async () => {
    t = await createTestApp({ env: OWNED_RESOURCES_ENV });
    owner = await createUser(t);
    intruder = await createUser(t);
    admin = await createUser(t, { admin: true });
    owned = await createOwnedResources(t, owner);
    routes = mountedRoutes(t.app);
  });
  afterAll(() => t.close());

  function as(user: TestUser, route: { method: string; auth?: string }, url: string) {
    const call = request(t.http)[route.method.toLowerCase() as 'get'](url);
    return route.auth === 'id-token'
      ? call.set('authorization', `Bearer ${user.idToken}`)
      : call.set('soku-api-key', user.apiKey);
  }

  it('should document and decide every mounted route', () => {
    expect(routes.length).toBeGreaterThan(30);
    const problems = auditRoutes({
      routes,
      operations: doc.operations,
      publicRoutes: PUBLIC_ROUTES,
      nonApiRoutes: NON_API_ROUTES,
    });
    expect(problems).toEqual([]);
  });

  it('should know, for every route with a path parameter, whose resource it names', () => {
    const unknown = routes
      .filter((r) => r.path.includes('{') && !isAdminRoute(r.path))
      .map((r) => `${r.method} ${r.path}`)
      .filter((k) => !(k in OWNED_ROUTE_TARGETS) && !(k in NOT_OWNED));
    expect(unknown).toEqual([]);
  });

  it("should answer 404 to every route aimed at another user's resource", async () => {
    const answers: string[] = [];
    for (const route of routes.filter((r) => `${r.method} ${r.path}` in OWNED_ROUTE_TARGETS)) {
      const { params, body } = OWNED_ROUTE_TARGETS[`${route.method} ${route.path}`](owned);
      const url = route.path.replace(/\{(\w+)\}/g, (_, name: string) => params[name]);
      const res = await (body ? as(intruder, route, url).send(body) : as(intruder, route, url));
      if (res.status !== 404 || res.body.error?.requestId !== res.headers['x-request-id']) {
        answers.push(`${route.method} ${url} → ${res.status} ${JSON.stringify(res.body)}`);
      }
    }
    expect(answers).toEqual([]);

    // And nothing of the owner's changed.
    const api = (path: string) => request(t.http).get(path).set('soku-api-key', owner.apiKey);
    expect((await api(`/v1/posts/${owned.postId}`).expect(200)).body.status).not.toBe('cancelled');
    await api(`/v1/media/${owned.mediaId}`).expect(200);
    await api(`/v1/ai/transcriptions/${owned.jobId}`).expect(200);
    const hook = await api(`/v1/webhooks/${owned.webhookId}`).expect(200);
    expect(hook.body).toMatchObject({ enabled: true, description: null });
    const profile = await api(`/v1/profiles/${owned.profileId}`).expect(200);
    expect(profile.body.name).toBe('Default');
    const integrations = await api('/v1/integrations').expect(200);
    expect(JSON.stringify(integrations.body)).toContain(owned.accountId);
    const endpoint = await t.dataSource
      .getRepository(WebhookEndpointEntity)
      .findOneByOrFail({ id: owned.webhookId });
    expect(endpoint.userId).toBe(owner.userId);
    const delivery = await t.dataSource
      .getRepository(WebhookDeliveryEntity)
      .findOneByOrFail({ id: owned.deliveryId });
    expect(delivery.userId).toBe(owner.userId);
    const keys = await request(t.http)
      .get('/v1/api-keys')
      .set('authorization', `Bearer ${owner.idToken}`)
      .expect(200);
    expect(JSON.stringify(keys.body)).toContain(owned.apiKeyId);
  });

  it("should show no other user's resources in any list", async () => {
    const lists = routes.filter(
      (r) => r.method === 'GET' && r.path.startsWith('/v1/') && !r.path.includes('{') && r.auth,
    );
    const ownerIds = Object.values(owned);
    for (const route of lists) {
      const res = await as(intruder, route, route.path);
      const leaked = ownerIds.filter((id) => JSON.stringify(res.body).includes(id));
      expect({ route: route.path, leaked }).toEqual({ route: route.path, leaked: [] });
    }
  });

  it("should not accept another user's ids inside a body", async () => {
    const validation = await request(t.http)
      .post('/v1/posts/validate')
      .set('soku-api-key', intruder.apiKey)
      .send({ post: { content: { text: 'hi', platform: ['x'], mediaIds: [owned.mediaId] } } });
    expect(validation.status).toBe(200);
    expect(validation.body.valid).toBe(false);
    expect(JSON.stringify(validation.body)).toContain(owned.mediaId);
    expect(JSON.stringify(validation.body)).not.toContain('audio/wav');
    const transcribe = await request(t.http)
      .post('/v1/ai/transcribe')
      .set('soku-api-key', intruder.apiKey)
      .send({ mediaId: owned.mediaId });
    expectEnvelope(transcribe, 404, 'MEDIA_NOT_FOUND');
  });

  it('should refuse owner, status, id and timestamps in every JSON body (mass assignment)', async () => {
    const accepted: string[] = [];
    for (const op of doc.operations.filter((o) => o.body && o.security)) {
      const route = routes.find((r) => r.method === op.method && r.path === op.path);
      if (!route) {
        continue;
      }
      const documented = Object.keys(
        (doc.resolve(op.body!.schema).properties as object | undefined) ?? {},
      );
      const target = OWNED_ROUTE_TARGETS[`${op.method} ${op.path}`]?.(owned);
      // Admin routes act on anyone's resources: an admin calls them, with well-formed ids.
      const adminRoute = isAdminRoute(op.path);
      const url = op.path.replace(/\{(\w+)\}/g, (_, name: string) =>
        adminRoute
          ? name === 'userId'
            ? owner.userId
            : randomUUID()
          : (target?.params[name] ?? name),
      );
      const extra = MASS_ASSIGNED.filter((k) => !documented.includes(k));
      const body = Object.fromEntries(
        extra.map((k) => [k, k === 'userId' ? intruder.userId : 'x']),
      );
      if (takesRows(op.body!.schema)) {
        // A bulk body is rows, each refused on its own: the answer is 200 with the row invalid.
        const res = await as(owner, route, url).send([{ ...BULK_ROW, ...body }]);
        const row = (res.body.results?.[0] ?? {}) as { status?: string; errors?: Detail[] };
        const fields = unrecognized(row.errors ?? []);
        const missed = extra.filter((k) => !fields.includes(`rows[0].${k}`));
        if (res.status !== 200 || row.status !== 'invalid' || missed.length > 0) {
          accepted.push(
            `${op.method} ${url} → ${res.status}, row not refused: ${missed.join(', ')}`,
          );
        }
        continue;
      }
      const res = await as(adminRoute ? admin : owner, route, url).send({
        ...target?.body,
        ...body,
      });
      const fields = unrecognized(res.body.error?.details ?? []);
      const missed = extra.filter((k) => !fields.includes(`body.${k}`));
      if (res.status !== 400 || missed.length > 0) {
        accepted.push(`${op.method} ${url} → ${res.status}, not refused: ${missed.join(', ')}`);
      }
    }
    expect(accepted).toEqual([]);
  });

  it('should store nothing from a mass-assigned post or webhook', async () => {
    const posts = await t.dataSource.query('SELECT count(*)::int AS n FROM post_submissions');
    const nested = await request(t.http)
      .post('/v1/posts')
      .set('soku-api-key', owner.apiKey)
      .send({
        post: {
          content: { text: 'hi', platform: ['x'], status: 'published', platformPostId: '1' },
        },
      });
    expectEnvelope(nested, 400, 'validation_error');
    const hook = await request(t.http)
      .post('/v1/webhooks')
      .set('soku-api-key', owner.apiKey)
      .send({
        url: WEBHOOK_URL,
        eventTypes: ['post.completed'],
        userId: intruder.userId,
      });
    expectEnvelope(hook, 400, 'validation_error');
    expect(await t.dataSource.query('SELECT count(*)::int AS n FROM post_submissions')).toEqual(
      posts,
    );
    const intruderHooks = await t.dataSource
      .getRepository(WebhookEndpointEntity)
      .countBy({ userId: intruder.userId });
    expect(intruderHooks).toBe(0);
  });
});
