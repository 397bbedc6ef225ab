import request from 'supertest';
import { randomUUID } from 'node:crypto';
import { Webhook } from 'standardwebhooks';
import { insertEventsSql, recordEvent } from '../../../src/database/outbox';
import { AccountsCache } from '../../../src/modules/integrations/accounts-cache';
import { startWebhookReceiver, type WebhookReceiver } from '../../fakes/webhook-receiver';
import { addAccount } from '../../utils/accounts';
import { expectEnvelope } from '../../utils/assertions';
import { createUser, type TestUser } from '../../utils/identity';
import { createTestApp, type TestApp } from '../../utils/test-app';
import { waitFor } from '../../utils/wait';

interface Envelope {
  id: string;
  type: string;
  profileId: string;
  data: { id: string };
}

/** Webhooks, automations and the outbox by profile (issue 23). */
describe('webhooks and automations in profiles', () => {
  let t: TestApp;
  let user: TestUser;
  let a: string;
  let b: string;
  let receivers: WebhookReceiver[] = [];

  beforeAll(async () => {
    t = await createTestApp({
      env: {
        SOKU_WEBHOOK_ALLOWED_HOSTS: '127.0.0.1',
        SOKU_WEBHOOK_RELAY_INTERVAL_MS: '50',
        SOKU_WEBHOOK_RETRY_SCHEDULE: '20ms',
        SOKU_RATE_LIMIT_ENABLED: 'false',
      },
    });
  });
  beforeEach(async () => {
    await t.reset();
    user = await createUser(t);
    a = await createProfile('Client A');
    b = await createProfile('Client B');
  });
  afterEach(async () => {
    await Promise.all(receivers.map((receiver) => receiver.close()));
    receivers = [];
  });
  afterAll(() => t.close());

  const as = (profile?: string) =>
    profile
      ? { 'soku-api-key': user.apiKey, 'soku-profile': profile }
      : { 'soku-api-key': user.apiKey };
  const api = (profile?: string) => ({
    post: (path: string) => request(t.http).post(path).set(as(profile)),
    get: (path: string) => request(t.http).get(path).set(as(profile)),
    patch: (path: string) => request(t.http).patch(path).set(as(profile)),
    delete: (path: string) => request(t.http).delete(path).set(as(profile)),
  });

  async function createProfile(name: string): Promise<string> {
    const res = await api().post('/v1/profiles').send({ name }).expect(201);
    return res.body.id as string;
  }

  /** A sandbox account connected into `profile` (moved there once connected). */
  async function addAccountIn(
    profile: string,
    platform: 'x' | 'threads',
    accountId: string,
  ): Promise<string> {
    const account = await addAccount(t, user.userId, platform, accountId);
    await t.dataSource.query(`UPDATE integrations SET profile_id = $2 WHERE id = $1`, [
      account.id,
      profile,
    ]);
    await t.app.get(AccountsCache).forget([user.userId]);
    return account.id;
  }

  async function register(profile: string | undefined, eventTypes: string[]) {
    const receiver = await startWebhookReceiver();
    receivers.push(receiver);
    const res = await api(profile).post('/v1/webhooks').send({ url: receiver.url, eventTypes });
    expect(res.status).toBe(201);
    return { id: res.body.id as string, secret: res.body.secret as string, receiver };
  }

  const repostRule = async (profile: string | undefined, target: object) => {
    const res = await api(profile)
      .post('/v1/automations')
      .send({
        name: 'x to threads',
        trigger: { event: 'post.published', platform: 'x' },
        action: { type: 'repost', platform: [target] },
      });
    expect(res.status).toBe(201);
    return res.body.id as string;
  };

  const profileOf = async (table: string, id: string): Promise<string> =>
    (await t.dataSource.query(`SELECT profile_id FROM ${table} WHERE id = $1`, [id]))[0]
      .profile_id as string;

  const drained = () =>
    waitFor(
      'the outbox to drain',
      async () =>
        (
          await t.dataSource.query(
            `SELECT count(*)::int AS n FROM events WHERE processed_at IS NULL`,
          )
        )[0].n as number,
      (n) => n === 0,
    );

  it("should route a post's events, webhooks and automations to its profile only", async () => {
    await addAccountIn(a, 'x', 'x_a');
    await addAccountIn(a, 'threads', 'threads_a');
    await addAccountIn(b, 'x', 'x_b');
    await addAccountIn(b, 'threads', 'threads_b');
    const hookA = await register(a, ['post.run.succeeded', 'post.completed']);
    const hookB = await register(b, ['post.run.succeeded', 'post.completed']);
    const hookDefault = await register(undefined, ['post.run.succeeded', 'post.completed']);
    const ruleA = await repostRule(a, { platform: 'threads', accountId: 'threads_a' });
    const ruleB = await repostRule(b, { platform: 'threads', accountId: 'threads_b' });

    const created = await api(a)
      .post('/v1/posts')
      .send({ post: { content: { text: 'only for A', platform: 'x' } }, enableRepurposing: true })
      .expect(201);
    const original = created.body.postSubmissionId as string;
    expect(await profileOf('post_submissions', original)).toBe(a);

    const [run] = await waitFor(
      "A's automation to finish",
      async (): Promise<{ status: string; submissionId: string }[]> =>
        (await api(a).get(`/v1/automations/${ruleA}/runs`).expect(200)).body.data,
      (runs) => runs.length === 1 && runs[0].status !== 'pending',
    );
    expect(run).toMatchObject({ status: 'succeeded', originSubmissionId: original });
    const derived = run.submissionId;
    expect(await profileOf('post_submissions', derived)).toBe(a);
    const [target] = await t.dataSource.query(
      `SELECT account_id FROM post_runs WHERE submission_id = $1`,
      [derived],
    );
    expect(target.account_id).toBe('threads_a');

    // The original's two events and the repost's two, each signed and naming profile A.
    const events = await waitFor(
      "A's four events",
      () => Promise.resolve(hookA.receiver.received),
      (received) => received.length >= 4,
    );
    const verifier = new Webhook(hookA.secret);
    const envelopes = events.map(
      (r) => verifier.verify(r.body, r.headers as Record<string, string>) as Envelope,
    );
    expect(envelopes.map((e) => e.profileId)).toEqual([a, a, a, a]);
    expect(new Set(envelopes.map((e) => e.data.id))).toEqual(new Set([original, derived]));
    const stored = await t.dataSource.query(
      `SELECT DISTINCT profile_id FROM events WHERE data->>'id' = ANY($1)`,
      [[original, derived]],
    );
    expect(stored).toEqual([{ profile_id: a }]);

    await drained();
    expect(hookB.receiver.received).toEqual([]);
    expect(hookDefault.receiver.received).toEqual([]);
    expect((await api(b).get(`/v1/automations/${ruleB}/runs`).expect(200)).body.data).toEqual([]);
  });

  it('should give each event the profile of the post, account or job it is about', async () => {
    await addAccountIn(b, 'x', 'x_b');
    const integrationId = await addAccountIn(b, 'threads', 'threads_b');
    const post = await api(b)
      .post('/v1/posts')
      .send({ post: { content: { text: 'B', platform: 'x' } } })
      .expect(201);
    const jobId = randomUUID();
    await t.dataSource.query(
      `INSERT INTO transcription_jobs (id, user_id, profile_id, request_key_hash, media_id, status, model)
       VALUES ($1, $2, $3, repeat('0', 64), $4, 'succeeded', 'whisper-1')`,
      [jobId, user.userId, b, randomUUID()],
    );
    // As the integrations module writes it: built in SQL from the row.
    await t.dataSource.query(
      insertEventsSql(
        'integration.needs_reauth',
        `SELECT user_id, jsonb_build_object('id', id) AS data FROM integrations WHERE id = $1`,
      ),
      [integrationId],
    );
    await recordEvent(t.dataSource, 'transcription.completed', user.userId, { jobId });
    await recordEvent(t.dataSource, 'post.completed', user.userId, { id: randomUUID() });

    const profiles = await waitFor(
      'the events',
      () =>
        t.dataSource.query(
          `SELECT type, profile_id AS "profileId", coalesce(data->>'id', data->>'jobId') AS subject
             FROM events ORDER BY type, subject`,
        ),
      (rows: { type: string }[]) => rows.some((row) => row.type === 'post.run.succeeded'),
    );
    expect(profiles).toEqual(
      expect.arrayContaining([
        { type: 'integration.needs_reauth', profileId: b, subject: integrationId },
        { type: 'transcription.completed', profileId: b, subject: jobId },
        { type: 'post.run.succeeded', profileId: b, subject: post.body.postSubmissionId },
        // Naming no row of the user's: the default profile, as before profiles.
        { type: 'post.completed', profileId: user.userId, subject: expect.any(String) },
      ]),
    );
  });

  it("should answer another profile's endpoints, deliveries and automations as not found", async () => {
    const hook = await register(b, ['post.completed']);
    const rule = await api(b)
      .post('/v1/automations')
      .send({
        name: 'call',
        trigger: { event: 'post.published', platform: 'x' },
        action: { type: 'webhook', webhookId: hook.id },
      })
      .expect(201);
    const ruleId = rule.body.id as string;
    expect(await profileOf('webhook_endpoints', hook.id)).toBe(b);
    expect(await profileOf('automations', ruleId)).toBe(b);
    const [event] = await t.dataSource.query(
      `INSERT INTO events (type, user_id, profile_id, data, processed_at)
       VALUES ('post.completed', $1, $2, '{}', now()) RETURNING id`,
      [user.userId, b],
    );
    const [delivery] = await t.dataSource.query(
      `INSERT INTO webhook_deliveries (endpoint_id, user_id, event_id, event_type, status)
       VALUES ($1, $2, $3, 'post.completed', 'failed') RETURNING id`,
      [hook.id, user.userId, event.id],
    );

    for (const other of [a, undefined]) {
      const client = api(other);
      expect((await client.get('/v1/webhooks').expect(200)).body.data).toEqual([]);
      expect((await client.get('/v1/automations').expect(200)).body.data).toEqual([]);
      const webhooks = `/v1/webhooks/${hook.id}`;
      const automations = `/v1/automations/${ruleId}`;
      const answers = [
        await client.get(webhooks),
        await client.patch(webhooks).send({ description: 'mine now' }),
        await client.post(`${webhooks}/rotate-secret`),
        await client.get(`${webhooks}/deliveries`),
        await client.post(`${webhooks}/deliveries/${delivery.id}/redeliver`),
        await client.delete(webhooks),
        await client.get(automations),
        await client.patch(automations).send({ enabled: false }),
        await client.get(`${automations}/runs`),
        await client.delete(automations),
      ];
      for (const res of answers) {
        expectEnvelope(res, 404, 'not_found');
      }
    }

    const own = api(b);
    expect((await own.get('/v1/webhooks').expect(200)).body.data).toHaveLength(1);
    expect((await own.get(`/v1/webhooks/${hook.id}/deliveries`).expect(200)).body.data).toEqual([
      expect.objectContaining({ id: delivery.id }),
    ]);
    await own.get(`/v1/automations/${ruleId}`).expect(200);
    await own.patch(`/v1/automations/${ruleId}`).send({ enabled: false }).expect(200);
  });

  it("should check an automation's accounts and webhook in the request's profile", async () => {
    await addAccountIn(a, 'threads', 'threads_a');
    const hookA = await register(a, ['post.completed']);
    const crossAccount = await api(b)
      .post('/v1/automations')
      .send({
        name: 'cross',
        trigger: { event: 'post.published', platform: 'x' },
        action: { type: 'repost', platform: [{ platform: 'threads', accountId: 'threads_a' }] },
      });
    expectEnvelope(crossAccount, 400, 'missing_integrations');
    const crossHook = await api(b)
      .post('/v1/automations')
      .send({
        name: 'cross',
        trigger: { event: 'post.published', platform: 'x' },
        action: { type: 'webhook', webhookId: hookA.id },
      });
    expectEnvelope(crossHook, 400, 'validation_error');
    expect(crossHook.body.error.details).toEqual([
      expect.objectContaining({ field: 'body.action.webhookId', code: 'not_found' }),
    ]);
    await repostRule(a, { platform: 'threads', accountId: 'threads_a' });
  });

  it("should disable a deleted profile's endpoints and automations and stop what was pending", async () => {
    const hookB = await register(b, ['post.completed']);
    const hookA = await register(a, ['post.completed']);
    const ruleB = await repostRule(b, { platform: 'threads' });
    const [queued] = await t.dataSource.query(
      `INSERT INTO events (type, user_id, profile_id, data, processed_at)
       VALUES ('post.completed', $1, $2, '{}', now()) RETURNING id`,
      [user.userId, b],
    );
    await t.dataSource.query(
      `INSERT INTO webhook_deliveries (endpoint_id, user_id, event_id, event_type, next_attempt_at)
       VALUES ($1, $2, $3, 'post.completed', now() + interval '1 hour')`,
      [hookB.id, user.userId, queued.id],
    );
    await t.dataSource.query(
      `INSERT INTO automation_runs (automation_id, user_id, event_id) VALUES ($1, $2, $3)`,
      [ruleB, user.userId, queued.id],
    );

    await api().delete(`/v1/profiles/${b}`).expect(200);

    const [endpoint] = await t.dataSource.query(
      `SELECT enabled, disabled_reason FROM webhook_endpoints WHERE id = $1`,
      [hookB.id],
    );
    expect(endpoint).toEqual({ enabled: false, disabled_reason: 'The profile was deleted' });
    const [automation] = await t.dataSource.query(`SELECT enabled FROM automations WHERE id = $1`, [
      ruleB,
    ]);
    expect(automation.enabled).toBe(false);
    const deliveries = await t.dataSource.query(
      `SELECT status, last_error FROM webhook_deliveries WHERE endpoint_id = $1`,
      [hookB.id],
    );
    expect(deliveries).toEqual([{ status: 'failed', last_error: 'The profile was deleted' }]);
    const runs = await t.dataSource.query(
      `SELECT status, error FROM automation_runs WHERE automation_id = $1`,
      [ruleB],
    );
    expect(runs).toEqual([{ status: 'skipped', error: 'The profile was deleted' }]);

    // An event of the deleted profile reaches nothing; the other profile's still arrive.
    await t.dataSource.query(
      `INSERT INTO events (type, user_id, profile_id, data)
       VALUES ('post.completed', $1, $2, '{}'), ('post.completed', $1, $3, '{}')`,
      [user.userId, b, a],
    );
    await waitFor(
      "A's event",
      () => Promise.resolve(hookA.receiver.received.length),
      (n) => n === 1,
    );
    await drained();
    expect(hookB.receiver.received).toEqual([]);
    const [{ n }] = await t.dataSource.query(
      `SELECT count(*)::int AS n FROM webhook_deliveries WHERE endpoint_id = $1`,
      [hookB.id],
    );
    expect(n).toBe(1);
  });
});
