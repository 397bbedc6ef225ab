import request from 'supertest';
import { Webhook } from 'standardwebhooks';
import { CreditsService } from '../../../src/modules/credits/credits.service';
import { AutomationRunner } from '../../../src/modules/automations/automation-runner';
import { OutboxRelay } from '../../../src/modules/webhooks/outbox/outbox-relay';
import { startMediaOrigin, type MediaOrigin } from '../../fakes/media-origin';
import { mp4 } from '../../fakes/media-samples';
import {
  FAKE_API_KEY,
  startFakeOpenAi,
  transcriptReply,
  type FakeOpenAi,
} from '../../fakes/openai-server';
import { startWebhookReceiver, type WebhookReceiver } from '../../fakes/webhook-receiver';
import { addAccount } from '../../utils/accounts';
import { expectEnvelope } from '../../utils/assertions';
import { createUser, type TestUser } from '../../utils/identity';
import { getPost, waitForPost } from '../../utils/posts';
import { createTestApp, type TestApp } from '../../utils/test-app';
import { waitFor } from '../../utils/wait';

interface RunView {
  id: string;
  status: string;
  submissionId: string | null;
  originSubmissionId: string;
  originRunId: string;
  error: string | null;
  attempts: number;
}

describe('automations', () => {
  let t: TestApp;
  let user: TestUser;
  let openai: FakeOpenAi;
  let origin: MediaOrigin;

  beforeAll(async () => {
    openai = await startFakeOpenAi();
    origin = await startMediaOrigin();
    origin.serve('/clip.mp4', mp4(30));
    t = await createTestApp({
      env: {
        OPENAI_API_KEY: FAKE_API_KEY,
        OPENAI_BASE_URL: openai.baseUrl,
        SOKU_MEDIA_ALLOWED_HOSTS: '127.0.0.1',
        SOKU_WEBHOOK_ALLOWED_HOSTS: '127.0.0.1',
        SOKU_WEBHOOK_RELAY_INTERVAL_MS: '50',
        SOKU_WEBHOOK_RETRY_SCHEDULE: '20ms',
        SOKU_RATE_LIMIT_ENABLED: 'false',
      },
    });
  });
  beforeEach(async () => {
    await t.reset();
    openai.respond = () => transcriptReply('Hello from the fake Whisper.');
    user = await createUser(t);
    for (const platform of ['x', 'threads', 'linkedin'] as const) {
      await addAccount(t, user.userId, platform, `${platform}_main`);
    }
  });
  afterAll(async () => {
    await t?.close();
    await openai?.close();
    await origin?.close();
  });

  function api(key = user.apiKey) {
    return {
      post: (path: string) => request(t.http).post(path).set('soku-api-key', key),
      get: (path: string) => request(t.http).get(path).set('soku-api-key', key),
      patch: (path: string) => request(t.http).patch(path).set('soku-api-key', key),
      delete: (path: string) => request(t.http).delete(path).set('soku-api-key', key),
    };
  }

  async function automate(platform: string, action: object, extra: object = {}): Promise<string> {
    const res = await api()
      .post('/v1/automations')
      .send({
        name: `${platform} rule`,
        trigger: { event: 'post.published', platform },
        action,
        ...extra,
      })
      .expect(201);
    return res.body.id as string;
  }

  async function publish(content: object, enableRepurposing = true): Promise<string> {
    const res = await api()
      .post('/v1/posts')
      .send({ post: { content }, enableRepurposing })
      .expect(201);
    await waitForPost(t, user.apiKey, res.body.postSubmissionId);
    return res.body.postSubmissionId as string;
  }

  const runsOf = async (automationId: string): Promise<RunView[]> =>
    (await api().get(`/v1/automations/${automationId}/runs`).expect(200)).body.data;

  const settledRuns = (automationId: string, n: number) =>
    waitFor(
      `${n} finished runs`,
      () => runsOf(automationId),
      (runs) => runs.length >= n && runs.every((r) => r.status !== 'pending'),
    );

  /** Lets the relay pass over everything recorded so far (a rule that fires would have). */
  async function quiesce(): Promise<void> {
    await waitFor(
      'the outbox to drain',
      async () =>
        (
          await t.dataSource.query(
            `SELECT count(*)::int AS n FROM events WHERE processed_at IS NULL`,
          )
        )[0].n as number,
      (n) => n === 0,
    );
  }

  it('should repost a flagged X post to LinkedIn as a linked submission, and ignore unflagged ones', async () => {
    const rule = await automate('x', {
      type: 'repost',
      platform: 'linkedin',
      textTemplate: '{{text}} (first on {{platform}}: {{url}})',
    });
    const original = await publish({ text: 'Launch day', platform: 'x' });
    const [run] = await settledRuns(rule, 1);
    expect(run).toMatchObject({ status: 'succeeded', originSubmissionId: original, error: null });

    const derived = await waitForPost(t, user.apiKey, run.submissionId!);
    const source = await getPost(t, user.apiKey, original);
    expect(derived).toMatchObject({
      outcome: 'succeeded',
      enableRepurposing: false,
      origin: { submissionId: original, automationId: rule, depth: 1 },
      content: { text: `Launch day (first on x: ${source.runs[0].url})` },
      runs: [expect.objectContaining({ platform: 'linkedin', accountId: 'linkedin_main' })],
    });

    await publish({ text: 'Not for automations', platform: 'x' }, false);
    await quiesce();
    expect(await runsOf(rule)).toHaveLength(1);
    const { body } = await api().get('/v1/posts').expect(200);
    expect(body.data).toHaveLength(3);
  });

  it('should not loop between a rule X → Threads and a rule Threads → X', async () => {
    const toThreads = await automate('x', { type: 'repost', platform: 'threads' });
    const toX = await automate('threads', { type: 'repost', platform: ['x'] });
    const original = await publish({ text: 'ping pong', platform: 'x' });

    const [first] = await settledRuns(toThreads, 1);
    const onThreads = await waitForPost(t, user.apiKey, first.submissionId!);
    expect(onThreads.runs.map((r) => r.platform)).toEqual(['threads']);
    const [back] = await settledRuns(toX, 1);
    expect(back).toMatchObject({
      status: 'skipped',
      submissionId: null,
      originSubmissionId: onThreads.id,
    });
    expect(back.error).toContain('already carries this post');
    await quiesce();
    expect(await runsOf(toThreads)).toHaveLength(1);
    const { body } = await api().get('/v1/posts').expect(200);
    expect(body.data.map((p: { id: string }) => p.id).sort()).toEqual(
      [original, onThreads.id].sort(),
    );
  });

  it('should stop a chain of automations at SOKU_AUTOMATION_MAX_DEPTH', async () => {
    // Facebook, not Instagram, at the end: Instagram takes JPEG images only, and cards are PNGs.
    await addAccount(t, user.userId, 'facebook', 'facebook_main');
    const card = (platform: string) => ({
      type: 'repurpose',
      transform: 'template',
      platform,
      templateSlug: 'quoteCard',
      templateConfig: { quote: '{{text}}' },
    });
    const rules = [
      await automate('x', card('threads')),
      await automate('threads', card('linkedin')),
      await automate('linkedin', card('facebook')),
      await automate('facebook', card('x')),
    ];
    await publish({ text: 'down the chain', platform: 'x' });
    const [, , third] = await Promise.all(rules.slice(0, 3).map((rule) => settledRuns(rule, 1)));
    const deepest = await waitForPost(t, user.apiKey, third[0].submissionId!);
    expect(deepest).toMatchObject({ outcome: 'succeeded', origin: { depth: 3 } });
    await quiesce();
    expect(await runsOf(rules[3])).toEqual([]);
  });

  it('should run each rule exactly once per published run, whatever the relay or the queue repeat', async () => {
    const rule = await automate('x', { type: 'repost', platform: 'linkedin' });
    await publish({ text: 'once', platform: 'x' });
    const [run] = await settledRuns(rule, 1);

    // The relay meets the same event again (a crash before it marked it processed) …
    await t.dataSource.query(`UPDATE events SET processed_at = NULL`);
    await t.app.get(OutboxRelay).pass();
    // … and the job is delivered twice more, concurrently.
    const runner = t.app.get(AutomationRunner);
    await Promise.all([runner.run(run.id), runner.run(run.id)]);
    // A worker that took the run and died before its transaction committed left nothing but its
    // lapsed lease: the jobs that follow make the post once.
    await t.dataSource.query(`DELETE FROM post_submissions WHERE origin_automation_id = $1`, [
      rule,
    ]);
    await t.dataSource.query(
      `UPDATE automation_runs SET status = 'pending', lease_expires_at = now() - interval '1 second'`,
    );
    await Promise.all([runner.run(run.id), runner.run(run.id), runner.run(run.id)]);
    await t.app.get(OutboxRelay).pass();
    await quiesce();

    const derived: { n: number }[] = await t.dataSource.query(
      `SELECT count(*)::int AS n FROM post_submissions WHERE origin_automation_id = $1`,
      [rule],
    );
    expect(await runsOf(rule)).toHaveLength(1);
    expect(derived[0].n).toBe(1);
    expect((await runsOf(rule))[0]).toMatchObject({ status: 'succeeded', attempts: 2 });
  });

  it('should render a template from the text and publish it with the image attached', async () => {
    const rule = await automate('x', {
      type: 'repurpose',
      transform: 'template',
      platform: 'linkedin',
      templateSlug: 'quoteCard',
      templateConfig: { quote: '{{text}}', author: 'Soku on {{platform}}' },
      aspectRatio: '1:1',
      textTemplate: 'Quote of the day',
    });
    await publish({ text: 'Simplicity is prerequisite for reliability.', platform: 'x' });
    const [run] = await settledRuns(rule, 1);
    expect(run.error).toBeNull();
    const derived = await waitForPost(t, user.apiKey, run.submissionId!);
    expect(derived.outcome).toBe('succeeded');
    const content = (derived as unknown as { content: { text: string; mediaIds: string[] } })
      .content;
    expect(content.text).toBe('Quote of the day');
    const media = await api().get(`/v1/media/${content.mediaIds[0]}`).expect(200);
    expect(media.body).toMatchObject({ mimeType: 'image/png', width: 1080, height: 1080 });
  });

  it('should render the template as JPEG when a target takes JPEG only (Instagram)', async () => {
    await addAccount(t, user.userId, 'instagram', 'instagram_main');
    const rule = await automate('x', {
      type: 'repurpose',
      transform: 'template',
      platform: ['linkedin', 'instagram'],
      templateSlug: 'quoteCard',
      templateConfig: { quote: '{{text}}', author: 'Soku' },
      aspectRatio: '4:5',
    });
    await publish({ text: 'Ship small, ship often.', platform: 'x' });
    const [run] = await settledRuns(rule, 1);
    expect(run.error).toBeNull();
    const derived = await waitForPost(t, user.apiKey, run.submissionId!);
    expect(derived.outcome).toBe('succeeded');
    const content = (derived as unknown as { content: { mediaIds: string[] } }).content;
    const media = await api().get(`/v1/media/${content.mediaIds[0]}`).expect(200);
    expect(media.body).toMatchObject({ mimeType: 'image/jpeg', width: 1080, height: 1350 });
  });

  it('should transcribe a published video, charge credits, and post the transcript', async () => {
    await t.app.get(CreditsService).grant(user.userId, 10, 'test');
    const rule = await automate('x', {
      type: 'repurpose',
      transform: 'transcription',
      platform: 'threads',
      language: 'en',
      textTemplate: '{{transcript}} — watch: {{url}}',
    });
    await publish({ text: 'New video', videoUrl: origin.url('/clip.mp4'), platform: 'x' });
    const [run] = await settledRuns(rule, 1);
    expect(run.error).toBeNull();
    const derived = await waitForPost(t, user.apiKey, run.submissionId!);
    expect((derived as unknown as { content: { text: string } }).content.text).toMatch(
      /^Hello from the fake Whisper\. — watch: http/,
    );
    expect(openai.calls).toHaveLength(1);
    expect(openai.calls[0].language).toBe('en');
    const credits = (await api().get('/v1/credits').expect(200)).body;
    expect(credits.balance).toBe(9);
  });

  it('should fail the run with its reason when there is nothing to transcribe', async () => {
    const rule = await automate('x', {
      type: 'repurpose',
      transform: 'transcription',
      platform: 'threads',
    });
    await publish({ text: 'just text', platform: 'x' });
    const [run] = await settledRuns(rule, 1);
    expect(run).toMatchObject({ status: 'failed', submissionId: null });
    expect(run.error).toContain('nothing_to_transcribe');
  });

  it('should call a webhook with the event, signed, through the delivery machinery', async () => {
    const receiver: WebhookReceiver = await startWebhookReceiver();
    try {
      const hook = await api()
        .post('/v1/webhooks')
        .send({ url: receiver.url, eventTypes: ['transcription.completed'] })
        .expect(201);
      receiver.statuses = [500];
      const rule = await automate('x', { type: 'webhook', webhookId: hook.body.id });
      const original = await publish({ text: 'tell my server', platform: 'x' });
      await waitFor(
        'two attempts',
        () => Promise.resolve(receiver.received.length),
        (n) => n >= 2,
      );
      const events = receiver.received.map(
        (r) =>
          new Webhook(hook.body.secret).verify(r.body, r.headers as Record<string, string>) as {
            id: string;
            type: string;
            data: { id: string };
          },
      );
      expect(events.map((e) => e.type)).toEqual(['post.run.succeeded', 'post.run.succeeded']);
      expect(events[0].id).toBe(events[1].id);
      expect(events[0].data.id).toBe(original);
      expect((await runsOf(rule))[0].status).toBe('succeeded');
    } finally {
      await receiver.close();
    }
  });

  it('should validate rules precisely and keep them to their owner', async () => {
    const bad = await api()
      .post('/v1/automations')
      .send({
        name: '',
        trigger: { event: 'post.deleted', platform: 'myspace' },
        action: { type: 'repost', platform: 'nowhere', textTemplate: '{{txt}}', extra: 1 },
      })
      .expect(400);
    expectEnvelope(bad, 400, 'validation_error');
    expect(bad.body.error.details.map((d: { field: string }) => d.field).sort()).toEqual(
      [
        'body.action.extra',
        'body.action.platform',
        'body.action.textTemplate',
        'body.name',
        'body.trigger.event',
        'body.trigger.platform',
      ].sort(),
    );
    for (const action of [
      { type: 'webhook', webhookId: '00000000-0000-4000-8000-000000000000' },
      { type: 'repurpose', transform: 'template', platform: 'x', templateSlug: 'nope' },
      { type: 'repurpose', transform: 'dance', platform: 'x' },
      { type: 'teleport' },
      'repost',
    ]) {
      const res = await api()
        .post('/v1/automations')
        .send({ name: 'bad', trigger: { event: 'post.published', platform: 'x' }, action })
        .expect(400);
      expect(res.body.error.details[0].field).toMatch(/^body\.action/);
    }

    const id = await automate('x', { type: 'repost', platform: 'linkedin' });
    const other = await createUser(t);
    await api(other.apiKey).get(`/v1/automations/${id}`).expect(404);
    await api(other.apiKey).patch(`/v1/automations/${id}`).send({ enabled: false }).expect(404);
    await api(other.apiKey).delete(`/v1/automations/${id}`).expect(404);
    await api(other.apiKey).get(`/v1/automations/${id}/runs`).expect(404);
    await api().get('/v1/automations/not-a-uuid').expect(404);
    expect((await api(other.apiKey).get('/v1/automations').expect(200)).body.data).toEqual([]);

    const patched = await api()
      .patch(`/v1/automations/${id}`)
      .send({
        enabled: false,
        trigger: { event: 'post.published', platform: 'threads', requireEnableRepurposing: true },
      })
      .expect(200);
    expect(patched.body).toMatchObject({
      enabled: false,
      trigger: { platform: 'threads', accountId: null, requireEnableRepurposing: true },
      action: { type: 'repost', platform: 'linkedin' },
    });
    await api()
      .patch(`/v1/automations/${id}`)
      .send({ action: { type: 'repost' } })
      .expect(400);
    await api().delete(`/v1/automations/${id}`).expect(204);
    await api().get(`/v1/automations/${id}`).expect(404);
  });

  it('should page through rules newest first', async () => {
    const ids = [];
    for (let i = 0; i < 3; i++) {
      ids.push(await automate('x', { type: 'repost', platform: 'linkedin' }));
    }
    const first = await api().get('/v1/automations?limit=2').expect(200);
    expect(first.body.data.map((a: { id: string }) => a.id)).toEqual([ids[2], ids[1]]);
    const second = await api()
      .get(`/v1/automations?limit=2&cursor=${first.body.nextCursor}`)
      .expect(200);
    expect(second.body.data.map((a: { id: string }) => a.id)).toEqual([ids[0]]);
    expect(second.body.nextCursor).toBeNull();
    await api().get('/v1/automations?cursor=garbage').expect(400);
  });
});
