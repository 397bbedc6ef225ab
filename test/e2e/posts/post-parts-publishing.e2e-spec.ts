import request from 'supertest';
import { PartsPublisher } from '../../../src/modules/publishing/parts-publisher.service';
import { addAccount } from '../../utils/accounts';
import { createUser, type TestUser } from '../../utils/identity';
import { getPost, waitForPost } from '../../utils/posts';
import { createTestApp, type TestApp } from '../../utils/test-app';

interface PartView {
  position: number;
  kind: string;
  status: string;
  platformPostId: string | null;
  error: { code: string; message: string } | null;
}
type RunWithParts = { platform: string; status: string; parts?: PartView[]; partial?: boolean };

const partsSettled = (post: { runs: unknown[] }) =>
  (post.runs as RunWithParts[]).every(
    (run) =>
      run.status === 'succeeded' &&
      run.parts !== undefined &&
      run.parts.length > 0 &&
      run.parts.every((part) => part.status === 'succeeded' || part.status === 'failed'),
  );

describe('threads and first comments through sandbox accounts', () => {
  let t: TestApp;
  let user: TestUser;

  beforeAll(async () => {
    t = await createTestApp({ env: { SOKU_RECONCILE_INTERVAL_MS: '200' } });
  });
  beforeEach(async () => {
    await t.reset();
    user = await createUser(t);
    await addAccount(t, user.userId, 'x', 'x_main');
    await addAccount(t, user.userId, 'linkedin', 'li_main');
  });
  afterAll(() => t.close());

  const create = async (content: Record<string, unknown>): Promise<string> => {
    const res = await request(t.http)
      .post('/v1/posts')
      .set('soku-api-key', user.apiKey)
      .send({ post: { content } })
      .expect(201);
    return res.body.postSubmissionId as string;
  };
  const recorded = () =>
    t.dataSource.query(
      `SELECT r.platform, p.position, p.kind, p.reply_to_id, p.text, p.id
         FROM sandbox_parts p JOIN post_runs r ON r.id = p.run_id ORDER BY r.platform, p.position`,
    );

  it('should publish the thread as a reply chain and the first comment under the post', async () => {
    const id = await create({
      text: 'One',
      platform: ['x', 'linkedin'],
      thread: [{ text: 'Two' }, { text: 'Three' }],
      threadFallback: 'skip',
      firstComment: { text: 'Link: https://soku.example' },
    });
    const post = await waitForPost(t, user.apiKey, id, partsSettled);
    const [li, x] = [...(post.runs as RunWithParts[])].sort((a, b) =>
      a.platform.localeCompare(b.platform),
    );
    expect(x.parts!.map((p) => [p.position, p.kind, p.status])).toEqual([
      [1, 'thread', 'succeeded'],
      [2, 'thread', 'succeeded'],
      [3, 'comment', 'succeeded'],
    ]);
    expect(x.partial).toBe(false);
    expect(li.parts!.map((p) => [p.position, p.kind, p.status])).toEqual([
      [1, 'comment', 'succeeded'],
    ]);
    const xPost = post.runs.find((run) => run.platform === 'x')!.platformPostId;
    const rows = await recorded();
    const xRows = rows.filter((row: { platform: string }) => row.platform === 'x');
    // Part 1 answers the post, part 2 answers part 1, the comment answers the post.
    expect(xRows.map((row: { reply_to_id: string }) => row.reply_to_id)).toEqual([
      xPost,
      xRows[0].id,
      xPost,
    ]);
    expect(rows).toHaveLength(4);
  });

  it('should leave the run succeeded, partial, and emit post.run.part_failed when a part fails', async () => {
    const id = await create({
      text: 'Post',
      platform: 'x',
      thread: [{ text: 'fine' }, { text: 'broken #sandbox-fail-part' }, { text: 'after' }],
    });
    const post = await waitForPost(t, user.apiKey, id, partsSettled);
    const [run] = post.runs as RunWithParts[];
    expect(run.status).toBe('succeeded');
    expect(post.outcome).toBe('succeeded');
    expect(run.partial).toBe(true);
    expect(run.parts!.map((p) => [p.status, p.error?.code ?? null])).toEqual([
      ['succeeded', null],
      ['failed', 'sandbox_failure'],
      ['failed', 'previous_part_failed'],
    ]);
    const events: { data: { runId: string; partPosition: number } }[] = await t.dataSource.query(
      `SELECT data FROM events WHERE type = 'post.run.part_failed'`,
    );
    expect(events).toHaveLength(1);
    expect(events[0].data.partPosition).toBe(2);
    expect((await recorded()).map((row: { text: string }) => row.text)).toEqual(['fine']);
  });

  it('should publish nothing twice when the publish-parts job runs again', async () => {
    const id = await create({ text: 'Post', platform: 'x', thread: [{ text: 'reply' }] });
    await waitForPost(t, user.apiKey, id, partsSettled);
    const [{ id: runId }] = await t.dataSource.query('SELECT id FROM post_runs');
    await t.app.get(PartsPublisher).publishParts(runId);
    await t.dataSource.query('UPDATE post_runs SET parts_settled_at = NULL');
    await t.app.get(PartsPublisher).publishParts(runId);
    expect(await recorded()).toHaveLength(1);
    expect(await t.dataSource.query('SELECT sends FROM sandbox_parts')).toEqual([{ sends: 1 }]);
    const again = await getPost(t, user.apiKey, id);
    expect((again.runs[0] as RunWithParts).parts).toHaveLength(1);
  });

  it('should show no parts fields on posts without parts', async () => {
    const id = await create({ text: 'Plain', platform: 'x' });
    const post = await waitForPost(t, user.apiKey, id);
    expect(post.runs[0]).not.toHaveProperty('parts');
    expect(post.runs[0]).not.toHaveProperty('partial');
  });
});
