import request from 'supertest';
import { startMediaOrigin, type MediaOrigin } from '../../fakes/media-origin';
import { jpeg, png } from '../../fakes/media-samples';
import { addAccount } from '../../utils/accounts';
import { createUser, type TestUser } from '../../utils/identity';
import { waitForPost } from '../../utils/posts';
import { createTestApp, type TestApp } from '../../utils/test-app';

const O = 'body.post.content.platformOverrides';

describe('post.content.platformOverrides through sandbox accounts', () => {
  let t: TestApp;
  let user: TestUser;
  let origin: MediaOrigin;

  beforeAll(async () => {
    origin = await startMediaOrigin();
    origin.serve('/base.jpg', jpeg(1080, 1080), { type: 'image/jpeg' });
    origin.serve('/shared.jpg', jpeg(1200, 630), { type: 'image/jpeg' });
    origin.serve('/threads.png', png(800, 800), { type: 'image/png' });
    t = await createTestApp({
      env: { SOKU_RECONCILE_INTERVAL_MS: '200', SOKU_MEDIA_ALLOWED_HOSTS: '127.0.0.1' },
    });
  });
  beforeEach(async () => {
    await t.reset();
    user = await createUser(t);
    await addAccount(t, user.userId, 'x', 'x_main');
    await addAccount(t, user.userId, 'threads', 'threads_main');
    await addAccount(t, user.userId, 'instagram', 'ig_main');
  });
  afterAll(async () => {
    await t.close();
    await origin.close();
  });

  const send = (path: string, content: Record<string, unknown>) =>
    request(t.http).post(path).set('soku-api-key', user.apiKey).send({ post: { content } });
  const recorded = async (): Promise<Record<string, Record<string, unknown>>> => {
    const rows: { platform: string; content: Record<string, unknown> }[] = await t.dataSource.query(
      'SELECT platform, content FROM sandbox_posts',
    );
    return Object.fromEntries(rows.map((row) => [row.platform, row.content]));
  };

  it('publishes each platform its own text and media, importing each URL once', async () => {
    const res = await send('/v1/posts', {
      text: 'The base text',
      imageUrls: [origin.url('/base.jpg'), origin.url('/shared.jpg')],
      platform: ['x', 'threads', 'instagram'],
      platformOverrides: {
        x: { text: 'Short for X' },
        threads: {
          text: 'For Threads',
          imageUrls: [origin.url('/shared.jpg'), origin.url('/threads.png')],
        },
      },
    }).expect(201);
    const done = await waitForPost(t, user.apiKey, res.body.postSubmissionId as string);
    expect(done.runs.map((r) => [r.platform, r.status]).sort()).toEqual([
      ['instagram', 'succeeded'],
      ['threads', 'succeeded'],
      ['x', 'succeeded'],
    ]);
    const posts = await recorded();
    const mimes = (platform: string) =>
      (posts[platform].media as { mimeType: string }[]).map((m) => m.mimeType);
    expect(posts.x.text).toBe('Short for X');
    expect(mimes('x')).toEqual(['image/jpeg', 'image/jpeg']);
    expect(posts.threads.text).toBe('For Threads');
    expect(mimes('threads')).toEqual(['image/jpeg', 'image/png']);
    expect(posts.instagram.text).toBe('The base text');
    expect(posts.instagram.platformOverrides).toBeUndefined();
    expect(origin.requests().filter((r) => r.endsWith('/shared.jpg'))).toHaveLength(1);
    const get = await request(t.http)
      .get(`/v1/posts/${done.id}`)
      .set('soku-api-key', user.apiKey)
      .expect(200);
    expect(get.body.content.platformOverrides.x).toEqual({ text: 'Short for X' });
  });

  it('checks each target on its effective content, naming the override in the field', async () => {
    const res = await send('/v1/posts', {
      text: 'fits everywhere',
      imageUrls: [origin.url('/base.jpg')],
      platform: ['x', 'instagram'],
      platformOverrides: {
        x: { text: 'x'.repeat(281) },
        instagram: { imageUrls: [origin.url('/threads.png')] },
      },
    }).expect(400);
    expect(res.body.error.code).toBe('validation_error');
    expect(res.body.error.details).toEqual([
      expect.objectContaining({
        field: `${O}.x.text`,
        code: 'platform_rule',
        message: 'X allows 280 weighted characters (URLs 23, emoji and CJK 2); the text has 281',
      }),
      expect.objectContaining({
        field: `${O}.instagram.imageUrls`,
        code: 'platform_rule',
        message: 'Instagram takes JPEG images only; the post has PNG',
      }),
    ]);
  });

  it('lets an override fix what the post text breaks for one platform', async () => {
    await send('/v1/posts/validate', { text: 'y'.repeat(300), platform: ['x', 'threads'] })
      .expect(200)
      .expect((res) => expect(res.body.valid).toBe(false));
    const ok = await send('/v1/posts/validate', {
      text: 'y'.repeat(300),
      platform: ['x', 'threads'],
      platformOverrides: { x: { text: 'short' } },
    }).expect(200);
    expect(ok.body).toMatchObject({ valid: true, problems: [] });
  });

  it('refuses an override for a platform the post does not target, and unknown media', async () => {
    const res = await send('/v1/posts', {
      text: 'hello',
      platform: 'x',
      platformOverrides: { tiktok: { text: 'nobody reads this' }, x: { mediaIds: ['nope'] } },
    }).expect(400);
    expect(res.body.error.details).toEqual([
      expect.objectContaining({ field: `${O}.x.mediaIds[0]`, code: 'not_found' }),
    ]);
    const untargeted = await send('/v1/posts/validate', {
      text: 'hello',
      platform: 'x',
      platformOverrides: { tiktok: { text: 'nobody reads this' } },
    }).expect(200);
    expect(untargeted.body.problems[0].details).toEqual([
      {
        field: `${O}.tiktok`,
        code: 'unrecognized_keys',
        message: 'The post has no tiktok target: remove this override or add a tiktok target',
        received: 'tiktok',
      },
    ]);
    const schema = await send('/v1/posts', {
      text: 'hello',
      platform: 'x',
      platformOverrides: { x: { text: 5, mediaUrls: [] }, myspace: {} },
    }).expect(400);
    expect(schema.body.error.details.map((d: { field: string }) => d.field).sort()).toEqual([
      `${O}.myspace`,
      `${O}.x.mediaUrls`,
      `${O}.x.text`,
    ]);
    expect(await t.dataSource.query('SELECT id FROM post_submissions')).toEqual([]);
  });
});
