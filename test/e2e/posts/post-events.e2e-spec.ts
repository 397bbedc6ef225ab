import request from 'supertest';
import { postEventsSql } from '../../../src/modules/publishing/post-history.repository';
import { loadOpenApi } from '../../security/openapi-document';
import { addAccount } from '../../utils/accounts';
import { expectEnvelope } from '../../utils/assertions';
import { createUser, type TestUser } from '../../utils/identity';
import { type PostView, waitForPost } from '../../utils/posts';
import { createTestApp, type TestApp } from '../../utils/test-app';

interface HistoryEntry {
  id: string;
  type: string;
  createdAt: string;
  runId?: string;
  partPosition?: number;
  changes?: { field: string; from: unknown; to: unknown }[];
  data: { id: string; runs: { id: string; deletion?: { status: string } }[] };
}

/** GET's runs carry their id; the shared test type leaves it out. */
const firstRunId = (post: PostView) => (post.runs[0] as unknown as { id: string }).id;
const inHours = (h: number) => new Date(Date.now() + h * 3_600_000).toISOString();

describe('GET /v1/posts/:id/events', () => {
  let t: TestApp;
  let user: TestUser;

  beforeAll(async () => {
    t = await createTestApp({ env: { SOKU_RECONCILE_INTERVAL_MS: '200' } });
  });
  beforeEach(async () => {
    await t.reset();
    user = await createUser(t);
    await addAccount(t, user.userId, 'x', 'x_main');
  });
  afterAll(() => t.close());

  const doc = loadOpenApi();
  const operation = doc.operations.find(
    (op) => op.method === 'GET' && op.path === '/v1/posts/{id}/events',
  )!;

  const create = async (content: Record<string, unknown>, scheduledTime?: string) => {
    const res = await request(t.http)
      .post('/v1/posts')
      .set('soku-api-key', user.apiKey)
      .send({ post: { content }, ...(scheduledTime ? { scheduledTime } : {}) })
      .expect(201);
    return res.body.postSubmissionId as string;
  };
  const patch = (id: string, body: object) =>
    request(t.http)
      .patch(`/v1/posts/${id}`)
      .set('soku-api-key', user.apiKey)
      .send(body)
      .expect(200);
  const events = (id: string, query: Record<string, string | number> = {}, apiKey = user.apiKey) =>
    request(t.http).get(`/v1/posts/${id}/events`).query(query).set('soku-api-key', apiKey);
  /** The page's entries, once its body is checked against the committed OpenAPI schema. */
  const history = async (id: string): Promise<HistoryEntry[]> => {
    const res = await events(id).expect(200);
    expect(doc.responseErrors(operation, 200, res.body)).toEqual([]);
    return res.body.data as HistoryEntry[];
  };

  it('lists edits with their changes, then the run and the completion, oldest first, page by page', async () => {
    const id = await create({ text: 'Draft', platform: 'x' }, inHours(1));
    const later = inHours(2);
    await patch(id, { scheduledTime: later });
    await patch(id, {
      post: { content: { text: 'Final', platformOverrides: { x: { text: 'Final for X' } } } },
    });
    await patch(id, { scheduledTime: null });
    const post = await waitForPost(t, user.apiKey, id);
    const all = await history(id);
    expect(all.map((entry) => entry.type)).toEqual([
      'post.updated',
      'post.updated',
      'post.updated',
      'post.run.succeeded',
      'post.completed',
    ]);
    const [moved, rewritten] = all;
    expect(moved.changes).toEqual([
      { field: 'scheduledTime', from: expect.any(String), to: later },
    ]);
    expect(rewritten.changes).toEqual([
      { field: 'text', from: 'Draft', to: 'Final' },
      { field: 'overrides', from: null, to: { x: { text: 'Final for X' } } },
    ]);
    expect(all[3]).toMatchObject({ runId: firstRunId(post), data: { id } });
    expect(all[4]).not.toHaveProperty('runId');
    expect(all[4]).not.toHaveProperty('changes');

    const paged: HistoryEntry[] = [];
    let cursor: string | undefined;
    do {
      const res = await events(id, { limit: 2, ...(cursor ? { cursor } : {}) }).expect(200);
      paged.push(...res.body.data);
      cursor = res.body.nextCursor ?? undefined;
    } while (cursor);
    expect(paged.map((entry) => entry.id)).toEqual(all.map((entry) => entry.id));
  });

  it('answers 404 for another user’s post and 400 in the envelope for a bad page', async () => {
    const id = await create({ text: 'Mine', platform: 'x' }, inHours(1));
    const other = await createUser(t);
    expectEnvelope(await events(id, {}, other.apiKey), 404, 'not_found');
    expectEnvelope(await events('not-a-uuid'), 404, 'not_found');
    const cursor = await events(id, { cursor: 'garbage' });
    expectEnvelope(cursor, 400, 'validation_error');
    expect(cursor.body.error.details[0]).toMatchObject({ field: 'query.cursor' });
    for (const limit of [0, 101, 'ten']) {
      const res = await events(id, { limit });
      expectEnvelope(res, 400, 'validation_error');
      expect(res.body.error.details[0]).toMatchObject({ field: 'query.limit' });
    }
    await expect(history(id)).resolves.toEqual([]);
  });

  it('shows the failed part of a thread as post.run.part_failed with its position', async () => {
    const id = await create({
      text: 'Post',
      platform: 'x',
      thread: [{ text: 'fine' }, { text: 'broken #sandbox-fail-part' }],
    });
    const post = await waitForPost(t, user.apiKey, id, (p) => {
      const parts = (p.runs[0] as { parts?: { status: string }[] }).parts ?? [];
      return (
        parts.length === 2 && parts.every((part) => ['succeeded', 'failed'].includes(part.status))
      );
    });
    const failed = (await history(id)).filter((entry) => entry.type === 'post.run.part_failed');
    expect(failed).toEqual([expect.objectContaining({ runId: firstRunId(post), partPosition: 2 })]);
  });

  it('shows a deletion from the network as post.run.deleted', async () => {
    const id = await create({ text: 'Taking this down', platform: 'x' });
    const post = await waitForPost(t, user.apiKey, id);
    await request(t.http)
      .delete(`/v1/posts/${id}/published`)
      .set('soku-api-key', user.apiKey)
      .expect(202);
    await waitForPost(t, user.apiKey, id, (p) =>
      p.runs.every(
        (run) => (run as { deletion?: { status: string } }).deletion?.status === 'deleted',
      ),
    );
    const all = await history(id);
    expect(all.map((entry) => entry.type)).toEqual([
      'post.run.succeeded',
      'post.completed',
      'post.run.deleted',
    ]);
    expect(all[2].runId).toBe(firstRunId(post));
  });

  it('finds a post’s events by its index among 100,000 events, not by a scan', async () => {
    const id = await create({ text: 'One among many', platform: 'x' }, inHours(1));
    await patch(id, { scheduledTime: inHours(2) });
    await t.dataSource.query(
      `INSERT INTO events (type, user_id, data)
       SELECT 'post.run.succeeded', $1, jsonb_build_object('id', gen_random_uuid()::text, 'n', n)
         FROM generate_series(1, 100000) n`,
      [user.userId],
    );
    await t.dataSource.query('ANALYZE events');
    const [{ 'QUERY PLAN': plan }] = await t.dataSource.query(
      `EXPLAIN (FORMAT JSON) ${postEventsSql(false)}`,
      [user.userId, id, user.userId, 21],
    );
    expect(JSON.stringify(plan)).toContain('"Index Name":"events_by_post"');
    expect(JSON.stringify(plan)).not.toContain('"Seq Scan"');
    await expect(history(id)).resolves.toHaveLength(1);
  });
});
