import { randomUUID } from 'node:crypto';
import request from 'supertest';
import { expectEnvelope } from '../../utils/assertions';
import { createUser } from '../../utils/identity';
import { createTestApp, type TestApp } from '../../utils/test-app';

const describeWithRedis = process.env.REDIS_URL ? describe : describe.skip;

describeWithRedis('the queue dashboard (bull-board) with Bull', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await createTestApp({
      env: { REDIS_URL: process.env.REDIS_URL, SOKU_QUEUE_PREFIX: `q${randomUUID().slice(0, 8)}` },
    });
  });
  afterAll(() => t.close());

  it('should answer 401 without a token and 403 to a non-admin, in the envelope', async () => {
    expectEnvelope(await request(t.http).get('/admin/queues'), 401, 'unauthorized');
    const user = await createUser(t);
    const res = await request(t.http)
      .get('/admin/queues/api/queues')
      .set('Authorization', `Bearer ${user.idToken}`);
    expectEnvelope(res, 403, 'forbidden');
  });

  it("should serve the dashboard and its API to an admin's Bearer token", async () => {
    const admin = await createUser(t, { admin: true });
    const page = await request(t.http)
      .get('/admin/queues')
      .set('Authorization', `Bearer ${admin.idToken}`)
      .expect(200);
    expect(page.headers['content-type']).toMatch(/^text\/html/);
    const api = await request(t.http)
      .get('/admin/queues/api/queues')
      .set('Authorization', `Bearer ${admin.idToken}`)
      .expect(200);
    const names = (api.body.queues as { name: string }[]).map((q) => q.name).sort();
    expect(names).toEqual([
      'automation',
      'heartbeat',
      'metrics',
      'orchestrate',
      'publish',
      'publish-parts',
      'unpublish',
      'webhook',
    ]);
  });

  it('should let a browser in with the cookie the session endpoint sets', async () => {
    const admin = await createUser(t, { admin: true });
    const session = await request(t.http)
      .post('/admin/queues/session')
      .set('Authorization', `Bearer ${admin.idToken}`)
      .expect(204);
    const cookie = session.headers['set-cookie'][0];
    expect(cookie).toMatch(
      /^soku_admin_queues=.+; Path=\/admin\/queues; Max-Age=900; HttpOnly; SameSite=Strict/,
    );
    const page = await request(t.http)
      .get('/admin/queues/api/queues')
      .set('Cookie', cookie.split(';')[0])
      .expect(200);
    // The dashboard polls: the cookie must count as the admin, not as anonymous traffic.
    expect(page.headers['x-ratelimit-tier']).toBe('admin');
    const user = await createUser(t);
    expectEnvelope(
      await request(t.http)
        .post('/admin/queues/session')
        .set('Authorization', `Bearer ${user.idToken}`),
      403,
      'forbidden',
    );
  });
});

describe('the queue dashboard in embedded mode', () => {
  it('should answer 404 in the envelope: the dashboard needs Bull', async () => {
    const t = await createTestApp();
    try {
      const admin = await createUser(t, { admin: true });
      const res = await request(t.http)
        .get('/admin/queues')
        .set('Authorization', `Bearer ${admin.idToken}`);
      expectEnvelope(res, 404, 'not_found');
      expect(res.body.error.message).toMatch(/needs Bull: set REDIS_URL/);
    } finally {
      await t.close();
    }
  });
});
