import request from 'supertest';
import { commentsOn } from '../../fakes/platforms/fake-meta-comments';
import type { TestUser } from '../../utils/identity';
import { addAccount } from '../../utils/accounts';
import { partsSettled, type RunWithParts, mediaReleased } from './comments-support';
import {
  LIVE,
  METADATA,
  PAGE_ID,
  type PlatformHarness,
  platformSuite,
  publish,
  realAccount,
  THREADS_USER,
} from './platform-harness';

type Run = RunWithParts & { platformPostId: string };

const CREATE = 'POST /v1.0/:user/threads';
const COMMENTS = 'POST /v23.0/:id/comments';

describe('media in Threads replies and Facebook comments', () => {
  const suite = platformSuite();
  let h: PlatformHarness;
  let user: TestUser;
  beforeEach(() => ({ h, user } = suite));

  /** Uploads (imports) a medium of the origin: its id and Soku's public URL of the copy. */
  const media = async (path: string): Promise<{ id: string; url: string }> => {
    const res = await request(h.t.http)
      .post('/v1/media')
      .set('soku-api-key', user.apiKey)
      .send({ url: h.origin.url(path) })
      .expect(201);
    return { id: res.body.id as string, url: res.body.url as string };
  };
  const refusal = async (content: Record<string, unknown>) => {
    const res = await request(h.t.http)
      .post('/v1/posts')
      .set('soku-api-key', user.apiKey)
      .send({ post: { content } })
      .expect(400);
    expect(res.body.error.code).toBe('validation_error');
    return (res.body.error.details as { field: string; message: string }[]).map((d) => [
      d.field,
      d.message,
    ]);
  };
  const threadsAccount = () =>
    realAccount(h, user, 'threads', 'threads_main', {
      accessToken: LIVE('threads'),
      metadata: METADATA.threads,
      platformAccountId: THREADS_USER,
    });
  const facebookAccount = () =>
    realAccount(h, user, 'facebook', 'fb_page_main', {
      accessToken: LIVE('page_1001'),
      metadata: METADATA.facebook(),
      platformAccountId: PAGE_ID,
    });

  it('should make IMAGE, CAROUSEL and VIDEO reply containers, each with reply_to_id', async () => {
    await threadsAccount();
    // Every container, the video's included, is read IN_PROGRESS twice before FINISHED.
    h.meta.checksUntilFinished = 3;
    const [photo, video] = [await media('/photo.jpg'), await media('/video.mp4')];
    const done = await publish(
      h,
      user,
      {
        text: 'Thread 1/3',
        platform: 'threads',
        thread: [
          { text: 'Thread 2/3', mediaIds: [photo.id] },
          {
            text: 'Thread 3/3',
            imageUrls: [h.origin.url('/image.jpg'), h.origin.url('/second.jpg')],
          },
        ],
        firstComment: { text: 'The clip', mediaIds: [video.id] },
      },
      partsSettled(3),
    );
    const [run] = done.runs as Run[];
    expect(run.parts!.map((part) => part.status)).toEqual(['succeeded', 'succeeded', 'succeeded']);
    const [two, three, comment] = run.parts!;
    const reply = (id: string | null) => h.meta.posts.find((post) => post.id === id)!;
    expect(reply(two.platformPostId)).toMatchObject({
      kind: 'IMAGE',
      media: [photo.url],
      repliedTo: run.platformPostId,
    });
    expect(reply(three.platformPostId)).toMatchObject({
      kind: 'CAROUSEL',
      repliedTo: two.platformPostId,
    });
    expect(reply(three.platformPostId).media).toHaveLength(2);
    expect(reply(comment.platformPostId)).toMatchObject({
      kind: 'VIDEO',
      media: [video.url],
      repliedTo: run.platformPostId,
    });
    const creates = h.meta.callsTo(CREATE).map((call) => call.fields);
    const carousel = creates.find((fields) => fields.media_type === 'CAROUSEL')!;
    expect(carousel).toMatchObject({ text: 'Thread 3/3', reply_to_id: two.platformPostId });
    // The items are plain carousel items; only the published container answers a post.
    const items = creates.filter((fields) => fields.is_carousel_item === 'true');
    expect(items).toHaveLength(2);
    items.forEach((item) => expect(item.reply_to_id).toBeUndefined());
    // The imported images went out as Soku's stored copies, fetched by Threads from their URL.
    const imported = reply(three.platformPostId).media;
    imported.forEach((url) => expect(url.startsWith(new URL(photo.url).origin)).toBe(true));
    expect(h.meta.fetched.map((one) => one.url)).toEqual(expect.arrayContaining(imported));
    await mediaReleased(h.t, done.id);
  });

  it('should come back to the same video container while Threads still processes it', async () => {
    await threadsAccount();
    // More status reads than one attempt makes (SOKU_PLATFORM_POLL_MAX_ATTEMPTS 6): the part is
    // deferred, and its next attempt asks about the container it made, never a second one.
    h.meta.checksUntilFinished = 8;
    const video = await media('/video.mp4');
    const done = await publish(
      h,
      user,
      { text: 'Post', platform: 'threads', firstComment: { text: 'Clip', mediaIds: [video.id] } },
      partsSettled(1),
    );
    const [run] = done.runs as Run[];
    const [part] = run.parts!;
    expect(part).toMatchObject({ status: 'succeeded', attempts: 2 });
    const videos = h.meta.callsTo(CREATE).filter((call) => call.fields.media_type === 'VIDEO');
    expect(videos).toHaveLength(1);
    expect(videos[0].fields).toMatchObject({
      video_url: video.url,
      reply_to_id: run.platformPostId,
    });
    expect(h.meta.posts.find((post) => post.id === part.platformPostId)).toMatchObject({
      kind: 'VIDEO',
      repliedTo: run.platformPostId,
    });
  });

  it('should find a photo comment whose answer was lost, never sending it twice', async () => {
    await facebookAccount();
    const photo = await media('/photo.jpg');
    h.meta.loseAnswerNext(COMMENTS);
    const done = await publish(
      h,
      user,
      {
        text: 'Page news',
        platform: 'facebook',
        firstComment: { text: 'Look', mediaIds: [photo.id] },
      },
      partsSettled(1),
    );
    const [run] = done.runs as Run[];
    const comments = commentsOn(h.meta, run.platformPostId);
    expect(comments).toHaveLength(1);
    expect(comments[0].media).toEqual([photo.url]);
    expect(run.parts![0]).toMatchObject({ status: 'succeeded', platformPostId: comments[0].id });
    expect(h.meta.callsTo(COMMENTS)).toHaveLength(1);
  });

  it('should comment on the Page post with one photo as attachment_url', async () => {
    await facebookAccount();
    const photo = await media('/photo.jpg');
    const done = await publish(
      h,
      user,
      {
        text: 'Page news',
        platform: 'facebook',
        thread: [{ text: 'Before', imageUrls: [h.origin.url('/graphic.png')] }],
        threadFallback: 'first_comment',
        firstComment: { text: 'After', mediaIds: [photo.id] },
      },
      partsSettled(2),
    );
    const [run] = done.runs as Run[];
    expect(run.parts!.map((part) => part.status)).toEqual(['succeeded', 'succeeded']);
    const [before, after] = commentsOn(h.meta, run.platformPostId);
    expect(before).toMatchObject({ id: run.parts![0].platformPostId, text: 'Before' });
    expect(after).toMatchObject({
      id: run.parts![1].platformPostId,
      text: 'After',
      media: [photo.url],
    });
    expect(before.media).toHaveLength(1);
    const sent = h.meta.callsTo(COMMENTS).map((call) => call.fields);
    expect(sent[1]).toEqual({
      message: 'After',
      attachment_url: photo.url,
      access_token: LIVE('page_1001'),
    });
    await mediaReleased(h.t, done.id);
  });

  it("should hold parts' media to each platform's reply and comment rules", async () => {
    await threadsAccount();
    await facebookAccount();
    await addAccount(h.t, user.userId, 'youtube', 'yt_main', { sandbox: false });
    await realAccount(h, user, 'instagram', 'ig_main', {
      accessToken: LIVE('instagram'),
      metadata: METADATA.instagram(),
    });
    const [photo, video] = [await media('/photo.jpg'), await media('/video.mp4')];
    const urls = (n: number) => Array.from({ length: n }, (_, i) => `https://cdn.example/${i}.jpg`);
    expect(
      await refusal({
        text: 'Hi',
        platform: 'threads',
        thread: [{ text: 'two', imageUrls: urls(21) }],
      }),
    ).toEqual([
      ['body.post.content.thread[0].imageUrls', 'Threads takes at most 20 images; the post has 21'],
      [
        'body.post.content.thread[0].imageUrls',
        'Threads takes at most 20 media items; the post has 21',
      ],
    ]);
    expect(
      await refusal({
        text: 'Hi',
        platform: 'facebook',
        thread: [{ text: 'two', imageUrls: urls(1), mediaIds: [photo.id] }],
        threadFallback: 'first_comment',
        firstComment: { text: 'c', mediaIds: [video.id] },
      }),
    ).toEqual([
      ['body.post.content.thread[0]', 'Facebook comments take one photo; the comment has 2'],
      ['body.post.content.firstComment.mediaIds', 'Facebook comments take a photo, not a video'],
    ]);
    expect(
      await refusal({
        text: 'Hi',
        platform: ['instagram', 'youtube'],
        mediaIds: [video.id],
        firstComment: { text: 'c', mediaIds: [photo.id] },
      }),
    ).toEqual(
      expect.arrayContaining([
        [
          'body.post.content.firstComment.mediaIds',
          'Instagram comments take text only: remove body.post.content.firstComment.mediaIds',
        ],
        [
          'body.post.content.firstComment.mediaIds',
          'YouTube comments take text only: remove body.post.content.firstComment.mediaIds',
        ],
      ]),
    );
  });
});
