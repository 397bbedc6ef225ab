import type { TestUser } from '../../utils/identity';
import {
  LIVE,
  METADATA,
  PAGE_ID,
  type PlatformHarness,
  publish,
  realAccount,
  platformSuite,
} from './platform-harness';

const G = '/v23.0';

describe('Facebook Pages connector against a fake Graph API', () => {
  const suite = platformSuite();
  let h: PlatformHarness;
  let user: TestUser;
  beforeEach(() => ({ h, user } = suite));

  const account = (accessToken = LIVE('page_1001')) =>
    realAccount(h, user, 'facebook', 'fb_page_main', {
      accessToken,
      metadata: METADATA.facebook(),
      platformAccountId: PAGE_ID,
    });

  it('should post text to /feed with the Page token and read its permalink', async () => {
    await account();
    const done = await publish(h, user, { text: 'Page update', platform: ['facebook'] });
    const [run] = done.runs;
    expect(run).toMatchObject({ status: 'succeeded', attempts: 1 });
    const [feed] = h.meta.callsTo(`POST ${G}/:page/feed`);
    expect(feed.path).toBe(`${G}/${PAGE_ID}/feed`);
    expect(feed.fields).toEqual({ message: 'Page update', access_token: LIVE('page_1001') });
    expect(run.platformPostId).toBe(h.meta.posts[0].id);
    expect(run.platformPostId).toMatch(new RegExp(`^${PAGE_ID}_`));
    expect(run.url).toBe(h.meta.posts[0].permalink);
  });

  it('should post one photo to /photos, published, with the message', async () => {
    await account();
    const done = await publish(h, user, {
      text: 'One photo',
      imageUrls: [h.origin.url('/photo.jpg')],
      platform: ['facebook'],
    });
    expect(done.runs[0].status).toBe('succeeded');
    const [photo] = h.meta.callsTo(`POST ${G}/:page/photos`);
    expect(photo.fields).toMatchObject({ published: 'true', message: 'One photo' });
    expect(photo.fields.url.startsWith(h.t.config.app.publicUrl)).toBe(true);
    expect(done.runs[0].platformPostId).toBe(h.meta.posts.find((p) => p.kind === 'photo')!.id);
  });

  it('should upload several photos unpublished, then attach them to one /feed post', async () => {
    await account();
    const done = await publish(h, user, {
      text: 'Album',
      imageUrls: [h.origin.url('/photo.jpg'), h.origin.url('/graphic.png')],
      platform: ['facebook'],
    });
    expect(done.runs[0].status).toBe('succeeded');
    const photos = h.meta.callsTo(`POST ${G}/:page/photos`);
    expect(photos.map((p) => p.fields.published)).toEqual(['false', 'false']);
    const [feed] = h.meta.callsTo(`POST ${G}/:page/feed`);
    const unpublished = h.meta.posts.filter((p) => p.kind === 'unpublished_photo').map((p) => p.id);
    expect(JSON.parse(feed.fields.attached_media)).toEqual(
      unpublished.map((id) => ({ media_fbid: id })),
    );
    expect(feed.fields.message).toBe('Album');
  });

  it('should post a video to /videos from its public URL', async () => {
    await account();
    const done = await publish(h, user, {
      text: 'Watch',
      videoUrl: h.origin.url('/video.mp4'),
      platform: ['facebook'],
    });
    expect(done.runs[0].status).toBe('succeeded');
    const [video] = h.meta.callsTo(`POST ${G}/:page/videos`);
    expect(video.fields).toMatchObject({ description: 'Watch' });
    expect(video.fields.file_url.startsWith(h.t.config.app.publicUrl)).toBe(true);
    expect(done.runs[0].url).toMatch(/^https:\/\/www\.facebook\.com\/1001\/videos\//);
  });

  it('should record the duplicate answer (506) as duplicate_content', async () => {
    await account();
    h.meta.posts.push({
      id: `${PAGE_ID}_1`,
      owner: PAGE_ID,
      text: 'Twice',
      kind: 'feed',
      media: [],
      permalink: 'https://www.facebook.com/1001/posts/1',
      createdAt: new Date().toISOString(),
    });
    const second = await publish(h, user, { text: 'Twice', platform: ['facebook'] });
    expect(second.runs[0]).toMatchObject({
      status: 'failed',
      error: { code: 'duplicate_content', message: 'Facebook: (#506) Duplicate status message' },
    });
  });

  it('should defer on Page throttling until the usage header says', async () => {
    await account();
    h.meta.failNext(`POST ${G}/:page/feed`, {
      status: 400,
      body: { error: { message: 'User request limit reached', type: 'OAuthException', code: 32 } },
      headers: {
        'x-business-use-case-usage': JSON.stringify({
          [PAGE_ID]: [
            {
              type: 'pages',
              call_count: 100,
              total_cputime: 10,
              total_time: 10,
              estimated_time_to_regain_access: 30,
            },
          ],
        }),
      },
    });
    const post = await publish(
      h,
      user,
      { text: 'Throttled', platform: ['facebook'] },
      (p) => p.runs[0].error !== null,
    );
    expect(post.runs[0].error!.code).toBe('rate_limited');
    const [row] = await h.t.dataSource.query(
      'SELECT status, attempts, next_attempt_at FROM post_runs',
    );
    expect(row).toMatchObject({ status: 'queued', attempts: 0 });
    expect(new Date(row.next_attempt_at).getTime()).toBeGreaterThan(Date.now() + 29 * 60_000);
  });

  it('should find the post among the latest after a lost answer, and not post twice', async () => {
    await account();
    h.meta.loseAnswerNext(`POST ${G}/:page/feed`);
    const done = await publish(h, user, { text: 'Only once', platform: ['facebook'] });
    expect(done.runs[0]).toMatchObject({ status: 'succeeded', attempts: 1 });
    expect(h.meta.callsTo(`POST ${G}/:page/feed`)).toHaveLength(1);
    expect(done.runs[0].platformPostId).toBe(h.meta.posts[0].id);
  });

  it('should take 506 on a resend after a lost answer as the post, and keep its id', async () => {
    await account();
    h.meta.loseAnswerNext(`POST ${G}/:page/feed`);
    // The look after the lost answer misses the new post, so the run is sent again.
    h.meta.listingLag = 1;
    const done = await publish(h, user, {
      text: 'Sent once, answered never',
      platform: ['facebook'],
    });
    expect(done.runs[0]).toMatchObject({ status: 'succeeded', attempts: 2 });
    expect(h.meta.callsTo(`POST ${G}/:page/feed`)).toHaveLength(2);
    expect(h.meta.posts.filter((p) => p.owner === PAGE_ID)).toHaveLength(1);
    expect(done.runs[0].platformPostId).toBe(h.meta.posts[0].id);
  });
});
