import request from 'supertest';
import { addAccount } from '../../utils/accounts';
import type { TestUser } from '../../utils/identity';
import { waitForPost } from '../../utils/posts';
import {
  LIVE,
  METADATA,
  type PlatformHarness,
  platformSuite,
  realAccount,
} from '../platforms/platform-harness';

type Part = {
  position: number;
  kind: string;
  status: string;
  platformPostId: string | null;
  url: string | null;
};
type Run = {
  platform: string;
  status: string;
  platformPostId: string | null;
  url: string | null;
  parts?: Part[];
  deletion?: { status: string };
};
type Post = { id: string; content: Record<string, unknown>; scheduledTime: string; runs: Run[] };

/**
 * Issue 22's "a request that uses every new field at once": per-platform text, a thread with
 * media, its fallback and a first comment, then an edit of a scheduled post and the deletion of
 * a published one, against the X fake and a sandbox account.
 */
describe('a post that uses every new field at once', () => {
  const suite = platformSuite();
  let h: PlatformHarness;
  let user: TestUser;
  beforeEach(() => ({ h, user } = suite));

  const call = (method: 'get' | 'post' | 'patch' | 'delete', path: string) =>
    request(h.t.http)[method](path).set('soku-api-key', user.apiKey);
  const read = async (id: string, done: (post: Post) => boolean): Promise<Post> =>
    (await waitForPost(h.t, user.apiKey, id, (post) =>
      done(post as unknown as Post),
    )) as unknown as Post;
  const partsOut = (post: Post) =>
    post.runs.every((run) => run.parts?.length && run.parts.every((p) => p.status === 'succeeded'));

  it('publishes, edits and takes down posts with overrides, thread media and comments', async () => {
    await realAccount(h, user, 'x', 'x_main', { accessToken: LIVE('x'), metadata: METADATA.x });
    await addAccount(h.t, user.userId, 'linkedin', 'li_main');
    const media = (await call('post', '/v1/media').send({ url: h.origin.url('/photo.jpg') }))
      .body as { id: string };
    const content = {
      text: 'The base text',
      platform: ['x', 'linkedin'],
      platformOverrides: { x: { text: 'For X' }, linkedin: { text: 'For LinkedIn' } },
      thread: [
        { text: 'Part two', mediaIds: [media.id] },
        { text: 'Part three', imageUrls: [h.origin.url('/image.jpg')] },
      ],
      threadFallback: 'skip',
      firstComment: { text: 'The links are here' },
    };
    const created = await call('post', '/v1/posts').send({ post: { content } }).expect(201);
    const published = await read(created.body.postSubmissionId, partsOut);
    const x = published.runs.find((run) => run.platform === 'x')!;
    const li = published.runs.find((run) => run.platform === 'linkedin')!;
    expect(x.parts!.map((p) => [p.position, p.kind])).toEqual([
      [1, 'thread'],
      [2, 'thread'],
      [3, 'comment'],
    ]);
    // LinkedIn skips the thread and takes the first comment.
    expect(li.parts!.map((p) => [p.position, p.kind])).toEqual([[1, 'comment']]);
    const sent = h.x.callsTo('POST /2/tweets').map((one) => one.fields);
    expect(sent.map((fields) => [fields.text, fields.media !== undefined])).toEqual([
      ['For X', false],
      ['Part two', true],
      ['Part three', true],
      ['The links are here', false],
    ]);
    const [sandboxPost] = await h.t.dataSource.query(
      `SELECT content->>'text' AS text FROM sandbox_posts`,
    );
    expect(sandboxPost.text).toBe('For LinkedIn');

    // Every URL Soku hands back that Soku serves answers: the sandbox post and part pages, the media.
    const own = [li.url, ...li.parts!.map((p) => p.url)].filter(
      (url): url is string => url !== null,
    );
    const ownMedia = (await call('get', `/v1/media/${media.id}`).expect(200)).body.url as string;
    expect(own).toHaveLength(2);
    for (const url of [...own, ownMedia]) {
      const path = new URL(url).pathname;
      await request(h.t.http).get(path).expect(200);
    }

    // X refuses the same text twice: the second post's parts say something else.
    const laterContent = {
      ...content,
      text: 'Later',
      thread: content.thread.map((part) => ({ ...part, text: `${part.text}, later` })),
      firstComment: { text: 'The links, later' },
    };
    const scheduled = await call('post', '/v1/posts')
      .send({
        post: { content: laterContent },
        scheduledTime: new Date(Date.now() + 3_600_000).toISOString(),
      })
      .expect(201);
    const laterId = scheduled.body.postSubmissionId as string;
    const newTime = new Date(Date.now() + 7_200_000).toISOString();
    const edited = await call('patch', `/v1/posts/${laterId}`)
      .send({
        post: {
          content: { text: 'Later, edited', platformOverrides: { x: { text: 'X, edited' } } },
        },
        scheduledTime: newTime,
      })
      .expect(200);
    expect(edited.body.content).toMatchObject({
      text: 'Later, edited',
      platformOverrides: { x: { text: 'X, edited' } },
      thread: laterContent.thread,
      firstComment: laterContent.firstComment,
    });
    expect(edited.body.scheduledTime).toBe(newTime);
    await h.t.dataSource.query(`UPDATE post_submissions SET scheduled_time = now() WHERE id = $1`, [
      laterId,
    ]);
    const later = await read(laterId, partsOut);
    expect(later.runs.map((run) => run.status)).toEqual(['succeeded', 'succeeded']);
    expect(h.x.callsTo('POST /2/tweets').map((one) => one.fields.text)).toContain('X, edited');

    await call('delete', `/v1/posts/${published.id}/published`).expect(202);
    const deleted = await read(published.id, (post) =>
      post.runs.every((run) => run.deletion?.status === 'deleted'),
    );
    expect(deleted.runs.map((run) => run.deletion?.status)).toEqual(['deleted', 'deleted']);
    const gone = [x.platformPostId, ...x.parts!.map((p) => p.platformPostId)];
    expect(h.x.tweets.filter((tweet) => gone.includes(tweet.id))).toEqual([]);
    expect(h.x.callsTo('DELETE /2/tweets/:id').map((one) => one.path.split('/').pop())).toEqual(
      [...gone].reverse(),
    );
    const sandboxLeft = await h.t.dataSource.query(
      `SELECT (SELECT count(*)::int FROM sandbox_posts WHERE id = $1) AS posts,
              (SELECT count(*)::int FROM sandbox_parts WHERE id = $2) AS parts`,
      [li.platformPostId, li.parts![0].platformPostId],
    );
    expect(sandboxLeft).toEqual([{ posts: 0, parts: 0 }]);
    for (const url of own) {
      await request(h.t.http).get(new URL(url).pathname).expect(404);
    }
  });
});
