import request from 'supertest';
import { addAccount } from '../../utils/accounts';
import { expectEnvelope } from '../../utils/assertions';
import { createUser, type TestUser } from '../../utils/identity';
import { createTestApp, type TestApp } from '../../utils/test-app';

describe('POST /v1/posts: thread, threadFallback and firstComment at request time', () => {
  let t: TestApp;
  let user: TestUser;

  beforeAll(async () => {
    t = await createTestApp();
  });
  beforeEach(async () => {
    await t.reset();
    user = await createUser(t);
    await addAccount(t, user.userId, 'x', 'x_main');
    await addAccount(t, user.userId, 'threads', 'threads_main');
    await addAccount(t, user.userId, 'linkedin', 'li_main');
    await addAccount(t, user.userId, 'tiktok', 'tt_main');
  });
  afterAll(() => t.close());

  const post = (content: Record<string, unknown>) =>
    request(t.http).post('/v1/posts').set('soku-api-key', user.apiKey).send({ post: { content } });
  const stored = async () =>
    (await t.dataSource.query('SELECT count(*)::int AS n FROM post_submissions'))[0].n;

  it('should refuse a thread on a platform without threads, naming it', async () => {
    const res = await post({ text: 'Hi', platform: ['x', 'linkedin'], thread: [{ text: 'two' }] });
    expectEnvelope(res, 400, 'validation_error');
    expect(res.body.error.details).toEqual([
      {
        field: 'body.post.content.thread',
        message: 'LinkedIn has no threads: set threadFallback to "first_comment" or "skip"',
        code: 'platform_rule',
        received: 'linkedin:li_main',
      },
    ]);
    expect(await stored()).toBe(0);
  });

  it('should accept the thread with a fallback and store the parts', async () => {
    for (const threadFallback of ['first_comment', 'skip']) {
      const res = await post({
        text: 'Hi',
        platform: ['x', 'linkedin'],
        thread: [{ text: 'two' }],
        threadFallback,
      });
      expect(res.status).toBe(201);
    }
    const [row] = await t.dataSource.query('SELECT content FROM post_submissions LIMIT 1');
    expect(row.content.thread).toEqual([{ text: 'two' }]);
  });

  it("should hold each part's text to the platform's rule at the part's path", async () => {
    const res = await post({
      text: 'Hi',
      platform: ['x', 'threads'],
      thread: [{ text: 'ok' }, { text: 'ok' }, { text: 'y'.repeat(501) }],
      firstComment: { text: 'z'.repeat(281) },
    });
    expectEnvelope(res, 400, 'validation_error');
    const byField = res.body.error.details.map((d: { field: string; message: string }) => [
      d.field,
      d.message,
    ]);
    expect(byField).toEqual(
      expect.arrayContaining([
        [
          'body.post.content.thread[2].text',
          'X allows 280 weighted characters (URLs 23, emoji and CJK 2); the text has 501',
        ],
        [
          'body.post.content.thread[2].text',
          'Threads allows 500 characters (emoji by UTF-8 bytes); the text has 501',
        ],
        [
          'body.post.content.firstComment.text',
          'X allows 280 weighted characters (URLs 23, emoji and CJK 2); the text has 281',
        ],
      ]),
    );
    expect(byField).toHaveLength(3);
  });

  it('should refuse a first comment or commented thread where the platform has no comments', async () => {
    const res = await post({
      text: 'Hi',
      mediaUrls: ['https://cdn.example/v.mp4'],
      platform: 'tiktok',
      thread: [{ text: 'two' }],
      threadFallback: 'first_comment',
      firstComment: { text: 'link' },
    });
    expectEnvelope(res, 400, 'validation_error');
    expect(res.body.error.details.map((d: { field: string }) => d.field)).toEqual([
      'body.post.content.threadFallback',
      'body.post.content.firstComment',
    ]);
    expect(res.body.error.details[1].message).toBe('TikTok has no comments: remove firstComment');
  });

  it('should give schema problems of parts their indexed paths', async () => {
    const res = await post({
      text: 'Hi',
      platform: 'x',
      thread: [{ text: 'ok' }, { text: 7 }, ...Array.from({ length: 24 }, () => ({ text: 'n' }))],
      threadFallback: 'later',
      firstComment: 'text',
    });
    expectEnvelope(res, 400, 'validation_error');
    expect(res.body.error.details.map((d: { field: string }) => d.field)).toEqual(
      expect.arrayContaining([
        'body.post.content.thread',
        'body.post.content.thread[1].text',
        'body.post.content.threadFallback',
        'body.post.content.firstComment',
      ]),
    );
  });

  it('should refuse media in parts where comments take text only, naming the platform', async () => {
    const res = await post({
      text: 'Hi',
      platform: ['x', 'threads'],
      thread: [{ text: 'two', imageUrls: ['https://cdn.example/a.jpg'] }],
      firstComment: { text: 'c', mediaIds: ['7b6f0f6e-4d1e-4d43-9a55-2f0b0b4f5c1a'] },
    });
    expectEnvelope(res, 400, 'validation_error');
    // The unknown id is refused first, as the post's own would be.
    expect(res.body.error.details).toEqual([
      expect.objectContaining({
        field: 'body.post.content.firstComment.mediaIds[0]',
        code: 'not_found',
      }),
    ]);
    // Threads replies take media now; LinkedIn comments still take text only.
    const textOnly = await post({
      text: 'Hi',
      platform: ['x', 'threads', 'linkedin'],
      thread: [{ text: 'two', imageUrls: ['https://cdn.example/a.jpg'] }],
      threadFallback: 'first_comment',
    });
    expectEnvelope(textOnly, 400, 'validation_error');
    expect(textOnly.body.error.details).toEqual([
      {
        field: 'body.post.content.thread[0].imageUrls',
        message: 'LinkedIn comments take text only: remove body.post.content.thread[0].imageUrls',
        code: 'platform_rule',
        received: 'linkedin:li_main',
      },
    ]);
    expect(await stored()).toBe(0);
  });
});
