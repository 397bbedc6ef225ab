import request from 'supertest';
import { expectEnvelope } from '../../utils/assertions';
import type { TestUser } from '../../utils/identity';
import type { PostView } from '../../utils/posts';
import { commentsOn, scopedToken } from '../../fakes/platforms/fake-meta-comments';
import {
  IG_USER,
  LIVE,
  METADATA,
  PAGE_ID,
  type PlatformHarness,
  platformSuite,
  publish,
  realAccount,
} from './platform-harness';

const G = '/v23.0';
const COMMENTS = `POST ${G}/:id/comments`;

interface PartView {
  position: number;
  kind: string;
  status: string;
  platformPostId: string | null;
  url: string | null;
  error: { code: string; message: string } | null;
}
type Run = PostView['runs'][number] & { parts?: PartView[]; partial?: boolean };

const partsSettled = (post: PostView) =>
  (post.runs as Run[]).every(
    (run) =>
      run.status === 'succeeded' &&
      (run.parts?.length ?? 0) > 0 &&
      run.parts!.every((part) => part.status === 'succeeded' || part.status === 'failed'),
  );

describe('Instagram and Facebook first comments against a fake Graph API', () => {
  const suite = platformSuite();
  let h: PlatformHarness;
  let user: TestUser;
  beforeEach(() => ({ h, user } = suite));

  const instagram = (accessToken = LIVE('ig')) =>
    realAccount(h, user, 'instagram', 'ig_main', {
      accessToken,
      metadata: METADATA.instagram(),
      platformAccountId: IG_USER,
    });
  const facebook = (accessToken = LIVE('page_1001')) =>
    realAccount(h, user, 'facebook', 'fb_page_main', {
      accessToken,
      metadata: METADATA.facebook(),
      platformAccountId: PAGE_ID,
    });
  const photo = () => [h.origin.url('/photo.jpg')];

  it('should comment on the published IG media with the first comment', async () => {
    await instagram();
    const done = await publish(
      h,
      user,
      {
        text: 'Launch day',
        imageUrls: photo(),
        platform: ['instagram'],
        firstComment: { text: '#soku #launch https://soku.example' },
      },
      partsSettled,
    );
    const [run] = done.runs as Run[];
    const [comment] = commentsOn(h.meta, run.platformPostId!);
    expect(comment.text).toBe('#soku #launch https://soku.example');
    const [call] = h.meta.callsTo(COMMENTS);
    expect(call.path).toBe(`${G}/${run.platformPostId}/comments`);
    expect(call.fields).toEqual({
      message: '#soku #launch https://soku.example',
      access_token: LIVE('ig'),
    });
    expect(run.parts).toEqual([
      expect.objectContaining({
        position: 1,
        kind: 'comment',
        status: 'succeeded',
        platformPostId: comment.id,
        url: run.url,
      }),
    ]);
    expect(run.partial).toBe(false);
  });

  it('should comment on the Page post as the Page, the part keeping its permalink', async () => {
    await facebook();
    const done = await publish(
      h,
      user,
      { text: 'Page news', platform: ['facebook'], firstComment: { text: 'Details inside' } },
      partsSettled,
    );
    const [run] = done.runs as Run[];
    const [comment] = commentsOn(h.meta, run.platformPostId!);
    expect(comment.text).toBe('Details inside');
    expect(comment.id.startsWith(`${run.platformPostId}_`)).toBe(true);
    expect(run.parts![0]).toMatchObject({
      status: 'succeeded',
      platformPostId: comment.id,
      url: `${run.url}?comment_id=${comment.id}`,
    });
  });

  it('should publish a thread under threadFallback first_comment as comments, in order', async () => {
    await facebook();
    await instagram();
    const done = await publish(
      h,
      user,
      {
        text: 'Part 1',
        imageUrls: photo(),
        platform: ['facebook', 'instagram'],
        thread: [{ text: 'Part 2' }, { text: 'Part 3' }],
        threadFallback: 'first_comment',
        firstComment: { text: 'Links below' },
      },
      partsSettled,
    );
    for (const run of done.runs as Run[]) {
      const comments = commentsOn(h.meta, run.platformPostId!);
      expect(comments.map((c) => c.text)).toEqual(['Part 2', 'Part 3', 'Links below']);
      expect(run.parts!.map((p) => [p.position, p.kind, p.status, p.platformPostId])).toEqual(
        comments.map((c, i) => [i + 1, 'comment', 'succeeded', c.id]),
      );
    }
    // Every comment answers the post itself.
    const paths = new Set(h.meta.callsTo(COMMENTS).map((call) => call.path));
    expect(paths).toEqual(new Set(done.runs.map((run) => `${G}/${run.platformPostId}/comments`)));
  });

  it.each([
    ['instagram', 'instagram_manage_comments', '(#10) Application does not have permission'],
    ['facebook', 'pages_manage_engagement', '(#200) Requires the pages_manage_engagement'],
  ] as const)(
    'should fail the %s part, not the run, when the token lacks %s',
    async (platform, _permission, said) => {
      const granted =
        platform === 'instagram'
          ? ['instagram_basic', 'instagram_content_publish']
          : ['pages_manage_posts', 'pages_read_engagement'];
      const token = scopedToken(LIVE(platform), granted);
      await (platform === 'instagram' ? instagram(token) : facebook(token));
      const done = await publish(
        h,
        user,
        {
          text: 'No comment rights',
          imageUrls: photo(),
          platform: [platform],
          firstComment: { text: 'Never lands' },
        },
        partsSettled,
      );
      const [run] = done.runs as Run[];
      expect(run.status).toBe('succeeded');
      expect(done.outcome).toBe('succeeded');
      expect(run.partial).toBe(true);
      expect(run.parts![0].status).toBe('failed');
      expect(run.parts![0].error).toEqual({
        code: 'account_needs_reauth',
        message: expect.stringContaining(said),
      });
      expect(commentsOn(h.meta, run.platformPostId!)).toHaveLength(0);
      const events: { data: { partPosition: number } }[] = await h.t.dataSource.query(
        `SELECT data FROM events WHERE type = 'post.run.part_failed'`,
      );
      expect(events.map((event) => event.data.partPosition)).toEqual([1]);
    },
  );

  it.each(['instagram', 'facebook'] as const)(
    'should find the %s comment a lost answer made and not send it again',
    async (platform) => {
      await (platform === 'instagram' ? instagram() : facebook());
      h.meta.loseAnswerNext(COMMENTS);
      const done = await publish(
        h,
        user,
        {
          text: `Lost answer on ${platform}`,
          imageUrls: photo(),
          platform: [platform],
          firstComment: { text: 'Said once' },
        },
        partsSettled,
      );
      const [run] = done.runs as Run[];
      const comments = commentsOn(h.meta, run.platformPostId!);
      expect(comments).toHaveLength(1);
      expect(h.meta.callsTo(COMMENTS)).toHaveLength(1);
      expect(h.meta.callsTo(`GET ${G}/:id/comments`).length).toBeGreaterThan(0);
      expect(run.parts![0]).toMatchObject({ status: 'succeeded', platformPostId: comments[0].id });
    },
  );

  it("should hold Instagram comments to the caption's 2,200 characters at request time", async () => {
    await instagram();
    const res = await request(h.t.http)
      .post('/v1/posts')
      .set('soku-api-key', user.apiKey)
      .send({
        post: {
          content: {
            text: 'Caption',
            imageUrls: photo(),
            platform: ['instagram'],
            thread: [{ text: 'fine' }, { text: 'y'.repeat(2201) }],
            threadFallback: 'first_comment',
            firstComment: { text: 'z'.repeat(2201) },
          },
        },
      });
    expectEnvelope(res, 400, 'validation_error');
    expect(res.body.error.details.map((d: { field: string }) => d.field)).toEqual([
      'body.post.content.thread[1].text',
      'body.post.content.firstComment.text',
    ]);
    expect(h.meta.calls).toHaveLength(0);
  });
});
