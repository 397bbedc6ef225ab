import { randomUUID } from 'node:crypto';
import request from 'supertest';
import { defaultScope } from '../../../src/common/auth/route-auth';
import { IdempotencyService } from '../../../src/modules/idempotency/idempotency.service';
import { IdempotencyRepository } from '../../../src/modules/idempotency/idempotency.repository';
import { SubmissionBatchRepository } from '../../../src/modules/publishing/submission-batch.repository';
import { SubmissionInserts } from '../../../src/modules/publishing/submission-inserts';
import type { CreatedSubmission } from '../../../src/modules/publishing/submission-rows';
import { addAccount } from '../../utils/accounts';
import { createUser, type TestUser } from '../../utils/identity';
import { createTestApp, type TestApp } from '../../utils/test-app';

/** One time for every request, so a retried body is the same body. */
const LATER = new Date(Date.now() + 3_600_000).toISOString();

/**
 * Concurrent creations share one statement (SubmissionInserts): each request is answered from
 * the commit that holds its post, a racing duplicate Idempotency-Key gets the idempotency
 * contract's answer, and one bad row fails only its own request.
 */
describe('POST /v1/posts: concurrent creations committed together', () => {
  let t: TestApp;
  let user: TestUser;

  beforeAll(async () => {
    t = await createTestApp();
  });
  beforeEach(async () => {
    await t.reset();
    user = await createUser(t);
    await addAccount(t, user.userId, 'x', 'x_main');
  });
  afterAll(() => t.close());

  const create = (text: string, key?: string) => {
    const req = request(t.http).post('/v1/posts').set('soku-api-key', user.apiKey);
    return (key ? req.set('Idempotency-Key', key) : req).send({
      post: { content: { text, platform: ['x'] } },
      scheduledTime: LATER,
    });
  };

  it('should store every post and answer a racing duplicate key as the contract says', async () => {
    const texts = Array.from({ length: 12 }, (_, i) => `group ${i}`);
    const answers = await Promise.all([
      ...texts.map((text) => create(text)),
      create('raced', 'raced-key'),
      create('raced', 'raced-key'),
    ]);
    for (const answer of answers.slice(0, texts.length)) {
      expect(answer.status).toBe(201);
    }
    const raced = answers.slice(texts.length);
    const first = raced.find((answer) => answer.headers['idempotent-replayed'] === undefined);
    expect(first?.status).toBe(201);
    const second = raced.find((answer) => answer !== first)!;
    if (second.status === 409) {
      expect(second.body.error.code).toBe('idempotency_conflict');
      expect(second.headers['retry-after']).toBe('1');
    } else {
      expect(second.status).toBe(201);
      expect(second.headers['idempotent-replayed']).toBe('true');
      expect(second.text).toBe(first!.text);
    }

    const stored: { text: string; runs: number }[] = await t.dataSource.query(
      `SELECT s.content->>'text' AS text,
              (SELECT count(*)::int FROM post_runs r WHERE r.submission_id = s.id) AS runs
         FROM post_submissions s WHERE s.user_id = $1 ORDER BY 1`,
      [user.userId],
    );
    expect(stored).toEqual([...texts, 'raced'].sort().map((text) => ({ text, runs: 1 })));
    const replay = await create('raced', 'raced-key').expect(201);
    expect(replay.headers['idempotent-replayed']).toBe('true');
    expect(replay.text).toBe(first!.text);
  });

  it('should commit the others when one row of a batch breaks a constraint', async () => {
    const post = await create('template').expect(201);
    const [template] = await t.dataSource.query<{ integration_id: string }[]>(
      `SELECT integration_id FROM post_runs WHERE submission_id = $1`,
      [post.body.postSubmissionId],
    );
    const creation = (id: string): CreatedSubmission => ({
      id,
      submission: {
        userId: user.userId,
        profileId: user.userId,
        content: { text: `direct ${id}` },
        mediaType: 'text',
        scheduledTime: new Date(LATER),
        enableRepurposing: false,
        originSubmissionId: null,
        originAutomationId: null,
        automationChain: [],
      },
      runs: [
        {
          platform: 'x',
          accountId: 'x_main',
          integrationId: template.integration_id,
          targetId: 'x_main',
        },
      ],
      runIds: [randomUUID()],
      dispatched: false,
      timed: false,
    });
    const inserts = t.app.get(SubmissionInserts);
    const batched = jest.spyOn(t.app.get(SubmissionBatchRepository), 'insertMany');
    // The first goes alone; the rest wait for it and share one statement.
    const clean = [randomUUID(), randomUUID(), randomUUID()];
    await Promise.all(clean.map((id) => inserts.insert(creation(id))));
    expect(batched).toHaveBeenCalledTimes(1);
    await expect(batched.mock.results[0].value).resolves.toBeUndefined();
    const columns = `user_id, media_type, scheduled_time, enable_repurposing, status, media_ids,
      automation_chain, origin_submission_id, origin_automation_id`;
    const [alone, together]: unknown[] = await Promise.all(
      clean.slice(0, 2).map(async (id) =>
        t.dataSource.query(
          `SELECT ${columns}, (SELECT array_agg(platform || account_id || target_id || status)
             FROM post_runs WHERE submission_id = s.id) AS runs
             FROM post_submissions s WHERE id = $1`,
          [id],
        ),
      ),
    );
    expect(together).toEqual(alone);

    // This batch's last row repeats the third's id (a primary key violation).
    const ids = Array.from({ length: 6 }, () => randomUUID());
    const outcomes = await Promise.allSettled(
      [...ids, ids[2]].map((id) => inserts.insert(creation(id))),
    );
    expect(outcomes.map((outcome) => outcome.status)).toEqual([
      ...ids.map(() => 'fulfilled'),
      'rejected',
    ]);
    const rows: { id: string }[] = await t.dataSource.query(
      `SELECT id FROM post_submissions WHERE id = ANY($1)`,
      [ids],
    );
    expect(rows.map((row) => row.id).sort()).toEqual([...ids].sort());
    batched.mockRestore();
  });

  it('should claim keys of concurrent requests together, each as a lone claim would', async () => {
    const idempotency = t.app.get(IdempotencyService);
    const scope = defaultScope(user.userId);
    const claim = (key: string, requestHash = 'body') =>
      idempotency.claim({ ...scope, endpoint: 'POST /v1/posts', key, requestHash });
    const done = await claim('done');
    if (done.kind !== 'claimed') {
      throw new Error('expected a claim');
    }
    await idempotency.complete(scope, done.id, { status: 201, body: '{"a":1}' });
    const batched = jest.spyOn(t.app.get(IdempotencyRepository), 'claimMany');
    // The first goes alone; the rest share one statement.
    const together = await Promise.all([claim('first'), claim('a'), claim('done'), claim('b')]);
    expect(together.map((answer) => answer.kind)).toEqual([
      'claimed',
      'claimed',
      'replay',
      'claimed',
    ]);
    expect(batched).toHaveBeenCalledTimes(1);
    await expect(batched.mock.results[0].value).resolves.toHaveLength(3);
    batched.mockRestore();

    // 'twice' is claimed two times in one batch: the statement fails, each is claimed alone.
    const outcomes = await Promise.allSettled([
      claim('lone'),
      claim('twice'),
      claim('done', 'another body'),
      claim('twice'),
      claim('c'),
    ]);
    const answers = outcomes.map((outcome) =>
      outcome.status === 'fulfilled'
        ? outcome.value.kind
        : (outcome.reason as { message: string }).message,
    );
    expect(answers).toEqual([
      'claimed',
      'claimed',
      'This Idempotency-Key was already used on this endpoint with a different request body',
      'A request with this Idempotency-Key is still in progress; retry in a second',
      'claimed',
    ]);
  });
});
