import type { PostRunPartView } from '../../../src/modules/publishing/post-view';
import type { TestUser } from '../../utils/identity';
import type { PostView } from '../../utils/posts';
import {
  LIVE,
  METADATA,
  type PlatformHarness,
  publish,
  realAccount,
  platformSuite,
  THREADS_USER,
} from './platform-harness';

const T = '/v1.0';
const CREATE = `POST ${T}/:user/threads`;
const PUBLISH = `POST ${T}/:user/threads_publish`;

type Run = PostView['runs'][number] & { parts?: PostRunPartView[]; partial?: boolean };

const partsSettled = (count: number) => (post: PostView) =>
  (post.runs as Run[]).every(
    (run) =>
      run.parts?.length === count &&
      run.parts.every((part) => part.status === 'succeeded' || part.status === 'failed'),
  );

describe('Threads thread parts and first comments against a fake Threads API', () => {
  const suite = platformSuite();
  let h: PlatformHarness;
  let user: TestUser;
  beforeEach(async () => {
    ({ h, user } = suite);
    await realAccount(h, user, 'threads', 'threads_main', {
      accessToken: LIVE('threads'),
      metadata: METADATA.threads,
      platformAccountId: THREADS_USER,
    });
  });

  /** The post's own threads_publish is carried out, then `next` is scripted for the part's. */
  const afterThePost = (next: () => void) => h.meta.onNext(PUBLISH, next);
  const repliedTo = (id: string | null) => h.meta.posts.find((p) => p.id === id)?.repliedTo;

  it('should reply part to part with reply_to_id, the first comment to the post', async () => {
    const done = await publish(
      h,
      user,
      {
        text: 'Thread 1/3',
        platform: ['threads'],
        thread: [{ text: 'Thread 2/3' }, { text: 'Thread 3/3' }],
        firstComment: { text: 'The link: https://soku.example' },
      },
      partsSettled(3),
    );
    const [run] = done.runs as Run[];
    expect(run).toMatchObject({ status: 'succeeded', partial: false });
    const [two, three, comment] = run.parts!;
    expect(run.parts!.map((p) => [p.position, p.kind, p.status])).toEqual([
      [1, 'thread', 'succeeded'],
      [2, 'thread', 'succeeded'],
      [3, 'comment', 'succeeded'],
    ]);
    expect(repliedTo(two.platformPostId)).toBe(run.platformPostId);
    expect(repliedTo(three.platformPostId)).toBe(two.platformPostId);
    expect(repliedTo(comment.platformPostId)).toBe(run.platformPostId);
    for (const part of run.parts!) {
      const reply = h.meta.posts.find((p) => p.id === part.platformPostId)!;
      expect(part.url).toBe(reply.permalink);
    }
    // Each reply is its own TEXT container, then its own threads_publish, in order.
    const creates = h.meta.callsTo(CREATE).map((call) => call.fields);
    expect(creates[2]).toEqual({
      media_type: 'TEXT',
      text: 'Thread 3/3',
      reply_to_id: two.platformPostId,
      access_token: LIVE('threads'),
    });
    expect(creates.map((f) => f.text)).toEqual([
      'Thread 1/3',
      'Thread 2/3',
      'Thread 3/3',
      'The link: https://soku.example',
    ]);
    expect(h.meta.callsTo(PUBLISH)).toHaveLength(4);
    // The replies are listed as the account's replies, not among its threads.
    expect(h.meta.posts.filter((p) => !p.repliedTo).map((p) => p.id)).toEqual([run.platformPostId]);
  });

  it('should leave the run succeeded and partial, with post.run.part_failed, when Threads refuses a part', async () => {
    // The post is gone from Threads (deleted there) before its first reply goes out.
    afterThePost(() => {
      h.meta.posts = [];
    });
    const done = await publish(
      h,
      user,
      { text: 'Short-lived', platform: ['threads'], thread: [{ text: 'a' }, { text: 'b' }] },
      partsSettled(2),
    );
    const [run] = done.runs as Run[];
    expect(run).toMatchObject({ status: 'succeeded', partial: true });
    expect(done.outcome).toBe('succeeded');
    expect(run.parts!.map((p) => [p.status, p.error?.code ?? null])).toEqual([
      ['failed', 'platform_rejected'],
      ['failed', 'previous_part_failed'],
    ]);
    expect(run.parts![0].error!.message).toMatch(/^Threads: \(#100\/33\) Unsupported post request/);
    const events: { data: { partPosition: number } }[] = await h.t.dataSource.query(
      `SELECT data FROM events WHERE type = 'post.run.part_failed'`,
    );
    expect(events.map((e) => e.data.partPosition)).toEqual([1]);
    expect(h.meta.callsTo(PUBLISH)).toHaveLength(1);
  });

  it('should find a reply whose publish answer was lost, and not publish it again', async () => {
    afterThePost(() => h.meta.loseAnswerNext(PUBLISH));
    const done = await publish(
      h,
      user,
      { text: 'Post', platform: ['threads'], firstComment: { text: 'Lost answer' } },
      partsSettled(1),
    );
    const [run] = done.runs as Run[];
    const [comment] = run.parts!;
    expect(comment).toMatchObject({ status: 'succeeded', attempts: 1 });
    expect(repliedTo(comment.platformPostId)).toBe(run.platformPostId);
    expect(comment.url).toMatch(/^https:\/\/www\.threads\.net\/@threads\.dev\/post\//);
    const [lookUp] = h.meta.callsTo(`GET ${T}/:user/replies`);
    expect(lookUp.path).toBe(`${T}/${THREADS_USER}/replies`);
    expect(lookUp.query.fields).toBe('id,text,permalink,timestamp,replied_to');
    expect(h.meta.callsTo(PUBLISH)).toHaveLength(2);
    expect(h.meta.posts).toHaveLength(2);
  });

  it('should send a reply again when the look-up after a failed publish finds nothing', async () => {
    // A 500 on threads_publish: it may have published, so Soku looks first; nothing was made.
    afterThePost(() =>
      h.meta.failNext(PUBLISH, {
        status: 500,
        body: { error: { message: 'An unknown error occurred', type: 'OAuthException', code: 1 } },
      }),
    );
    const done = await publish(
      h,
      user,
      { text: 'Post', platform: ['threads'], thread: [{ text: 'Second try' }] },
      partsSettled(1),
    );
    const [part] = (done.runs as Run[])[0].parts!;
    expect(part).toMatchObject({ status: 'succeeded', attempts: 2 });
    expect(h.meta.callsTo(`GET ${T}/:user/replies`)).toHaveLength(1);
    expect(h.meta.posts.filter((p) => p.repliedTo)).toHaveLength(1);
  });
});
