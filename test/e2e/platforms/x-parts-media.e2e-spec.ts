import request from 'supertest';
import type { TestUser } from '../../utils/identity';
import { repliedTo } from '../../fakes/platforms/fake-x-replies';
import { addAccount } from '../../utils/accounts';
import { expectEnvelope } from '../../utils/assertions';
import { type PostView, waitForPost } from '../../utils/posts';
import {
  LIVE,
  METADATA,
  type PlatformHarness,
  platformSuite,
  realAccount,
} from './platform-harness';
import { mediaReleased } from './comments-support';

type Part = { position: number; status: string; platformPostId: string | null };
type Run = { platformPostId: string; parts?: Part[] };

const partsDone = (count: number) => (post: PostView) =>
  (post.runs as Run[]).every(
    (run) =>
      run.parts?.length === count &&
      run.parts.every((part) => part.status === 'succeeded' || part.status === 'failed'),
  );

describe('media in thread parts and first comments', () => {
  const suite = platformSuite();
  let h: PlatformHarness;
  let user: TestUser;
  beforeEach(() => ({ h, user } = suite));

  const api = () => ({
    post: (body: Record<string, unknown>) =>
      request(h.t.http).post('/v1/posts').set('soku-api-key', user.apiKey).send(body),
    media: async (path: string): Promise<string> =>
      (
        await request(h.t.http)
          .post('/v1/media')
          .set('soku-api-key', user.apiKey)
          .send({ url: h.origin.url(path) })
          .expect(201)
      ).body.id as string,
    deleteMedia: (id: string) =>
      request(h.t.http).delete(`/v1/media/${id}`).set('soku-api-key', user.apiKey),
  });
  const xAccount = () =>
    realAccount(h, user, 'x', 'x_main', { accessToken: LIVE('x'), metadata: METADATA.x });

  it('should send media_ids with the replies that carry media, uploaded and imported', async () => {
    await xAccount();
    const { post, media } = api();
    const [uploaded, commentImage] = [await media('/photo.jpg'), await media('/graphic.png')];
    const res = await post({
      post: {
        content: {
          text: 'Thread 1/3',
          platform: 'x',
          thread: [
            { text: 'Thread 2/3', mediaIds: [uploaded] },
            { text: 'Thread 3/3', imageUrls: [h.origin.url('/image.jpg')] },
          ],
          firstComment: { text: 'Comment', mediaIds: [commentImage] },
        },
      },
    }).expect(201);
    const id = res.body.postSubmissionId as string;
    const done = await waitForPost(h.t, user.apiKey, id, partsDone(3));
    const [run] = done.runs as Run[];
    expect(run.parts!.map((part) => part.status)).toEqual(['succeeded', 'succeeded', 'succeeded']);
    const [two, three, comment] = run.parts!;
    const sent = h.x.callsTo('POST /2/tweets').map((call) => call.fields);
    expect(sent.map((fields) => fields.text)).toEqual([
      'Thread 1/3',
      'Thread 2/3',
      'Thread 3/3',
      'Comment',
    ]);
    expect(sent[0].media).toBeUndefined();
    const mediaOf = (i: number) => (JSON.parse(sent[i].media) as { media_ids: string[] }).media_ids;
    // Each reply carries exactly its own upload, one image each.
    const uploads = [1, 2, 3].map((i) => mediaOf(i));
    uploads.forEach((ids) => expect(ids).toHaveLength(1));
    expect(new Set(uploads.flat()).size).toBe(3);
    expect(h.x.callsTo('POST /2/media/upload')).toHaveLength(3);
    const tweet = (tweetId: string | null) => h.x.tweets.find((one) => one.id === tweetId)!;
    expect(tweet(two.platformPostId).mediaIds).toEqual(uploads[0]);
    expect(tweet(three.platformPostId).mediaIds).toEqual(uploads[1]);
    expect(tweet(comment.platformPostId).mediaIds).toEqual(uploads[2]);
    const chain = repliedTo.get(h.x)!;
    expect(chain.get(three.platformPostId!)).toBe(two.platformPostId);
    expect(chain.get(comment.platformPostId!)).toBe(run.platformPostId);
    // Every claim of the post, the imported image's included, is released once the parts are out.
    await mediaReleased(h.t, id);
  });

  it("should hold the parts' media until the parts are out, then let them go", async () => {
    await xAccount();
    const { post, media, deleteMedia } = api();
    const image = await media('/photo.jpg');
    const res = await post({
      post: {
        content: { text: 'Later', platform: 'x', firstComment: { text: 'c', mediaIds: [image] } },
      },
      scheduledTime: new Date(Date.now() + 3_600_000).toISOString(),
    }).expect(201);
    const id = res.body.postSubmissionId as string;
    expectEnvelope(await deleteMedia(image), 409, 'media_in_use');
    await h.t.dataSource.query(`UPDATE post_submissions SET scheduled_time = now() WHERE id = $1`, [
      id,
    ]);
    await waitForPost(h.t, user.apiKey, id, partsDone(1));
    await mediaReleased(h.t, id);
    await deleteMedia(image).expect(200);
  });

  it('should find a media reply whose answer was lost, never sending it twice', async () => {
    await xAccount();
    const image = await api().media('/photo.jpg');
    // The post's call arms the loss of the next one: the reply's.
    h.x.onNext('POST /2/tweets', () => h.x.loseAnswerNext('POST /2/tweets'));
    const res = await api()
      .post({
        post: {
          content: {
            text: 'Post',
            platform: 'x',
            firstComment: { text: 'Look', mediaIds: [image] },
          },
        },
      })
      .expect(201);
    const done = await waitForPost(h.t, user.apiKey, res.body.postSubmissionId, partsDone(1));
    const [part] = (done.runs as Run[])[0].parts!;
    expect(part.status).toBe('succeeded');
    expect(h.x.callsTo('POST /2/tweets')).toHaveLength(2);
    expect(h.x.tweets).toHaveLength(2);
    expect(part.platformPostId).toBe(h.x.tweets.find((tweet) => tweet.text === 'Look')!.id);
  });

  it('should record the media of sandbox parts by position', async () => {
    await addAccount(h.t, user.userId, 'x', 'x_sandbox');
    const { post, media } = api();
    const [a, b] = [await media('/photo.jpg'), await media('/graphic.png')];
    const res = await post({
      post: {
        content: {
          text: 'Sandbox',
          platform: 'x',
          thread: [{ text: 'a reply', mediaIds: [a, b] }],
          firstComment: { text: 'last', mediaIds: [b] },
        },
      },
    }).expect(201);
    await waitForPost(h.t, user.apiKey, res.body.postSubmissionId, partsDone(2));
    const rows = await h.t.dataSource.query(
      'SELECT position, media_ids FROM sandbox_parts ORDER BY position',
    );
    expect(rows).toEqual([
      { position: 1, media_ids: [a, b] },
      { position: 2, media_ids: [b] },
    ]);
  });

  it("should refuse parts' media precisely, at each part's own path", async () => {
    await xAccount();
    await realAccount(h, user, 'instagram', 'ig_main', {
      accessToken: LIVE('instagram'),
      metadata: METADATA.instagram(),
    });
    await addAccount(h.t, user.userId, 'linkedin', 'li_main', { sandbox: false });
    const image = await api().media('/photo.jpg');
    const unknown = '7b6f0f6e-4d1e-4d43-9a55-2f0b0b4f5c1a';
    const missing = await api()
      .post({
        post: {
          content: {
            text: 'Hi',
            platform: 'x',
            thread: [{ text: 'two' }, { text: 'three', mediaIds: [image, unknown] }],
          },
        },
      })
      .expect(400);
    expect(missing.body.error.details).toEqual([
      {
        field: 'body.post.content.thread[1].mediaIds[1]',
        message: 'No such media: upload it with POST /v1/media first',
        code: 'not_found',
        received: unknown,
      },
    ]);
    const badUrl = await api()
      .post({
        post: {
          content: {
            text: 'Hi',
            platform: 'x',
            thread: [{ text: 'two', imageUrls: ['ftp://a/b'] }],
          },
        },
      })
      .expect(400);
    expect(badUrl.body.error.details).toEqual([
      expect.objectContaining({
        field: 'body.post.content.thread[0].imageUrls',
        message: 'Invalid URL format',
      }),
    ]);
    const urls = Array.from({ length: 5 }, (_, i) => `https://cdn.example/${i}.jpg`);
    const refused = await api()
      .post({
        post: {
          content: {
            text: 'Hi',
            imageUrls: [h.origin.url('/photo.jpg')],
            platform: ['x', 'instagram', 'linkedin'],
            thread: [{ text: 'two', imageUrls: urls }],
            threadFallback: 'first_comment',
            firstComment: { text: 'c', mediaIds: [image] },
          },
        },
      })
      .expect(400);
    expect(refused.body.error.code).toBe('validation_error');
    expect(
      refused.body.error.details.map((d: { field: string; message: string }) => [
        d.field,
        d.message,
      ]),
    ).toEqual([
      ['body.post.content.thread[0].imageUrls', 'X takes at most 4 images; the post has 5'],
      ['body.post.content.thread[0].imageUrls', 'X takes at most 4 media items; the post has 5'],
      [
        'body.post.content.thread[0].imageUrls',
        'Instagram comments take text only: remove body.post.content.thread[0].imageUrls',
      ],
      [
        'body.post.content.firstComment.mediaIds',
        'Instagram comments take text only: remove body.post.content.firstComment.mediaIds',
      ],
      [
        'body.post.content.thread[0].imageUrls',
        'LinkedIn comments take text only: remove body.post.content.thread[0].imageUrls',
      ],
      [
        'body.post.content.firstComment.mediaIds',
        'LinkedIn comments take text only: remove body.post.content.firstComment.mediaIds',
      ],
    ]);
  });

  it("should fail the part's run like the post's when a part's image cannot be imported", async () => {
    await xAccount();
    const res = await api()
      .post({
        post: {
          content: {
            text: 'Hi',
            platform: 'x',
            thread: [{ text: 'two', imageUrls: [h.origin.url('/gone.jpg')] }],
          },
        },
      })
      .expect(201);
    const done = await waitForPost(h.t, user.apiKey, res.body.postSubmissionId);
    expect(done.outcome).toBe('failed');
    expect(done.runs[0].error?.code).toBe('media_unavailable');
    expect(done.runs[0].error?.message).toContain('/gone.jpg');
    expect(h.x.callsTo('POST /2/tweets')).toHaveLength(0);
  });
});
