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

/**
 * The v1 reference's examples with real (non-sandbox) accounts: API → queue → connector → fake
 * platform → run `succeeded` with the platform's id and URL.
 */
describe('reference examples through the real connectors', () => {
  const suite = platformSuite(process.env.REDIS_URL ? { REDIS_URL: process.env.REDIS_URL } : {});
  let h: PlatformHarness;
  let user: TestUser;
  beforeEach(() => ({ h, user } = suite));

  it('Image post to Instagram', async () => {
    await realAccount(h, user, 'instagram', 'ig_creator_main', {
      accessToken: LIVE('page_1001'),
      metadata: METADATA.instagram('17841000000000001'),
    });
    const done = await publish(h, user, {
      text: 'Check out this photo!',
      imageUrls: [h.origin.url('/photo.jpg')],
      platform: [{ platform: 'instagram', accountId: 'ig_creator_main' }],
    });
    expect(done.outcome).toBe('succeeded');
    const [media] = h.meta.posts;
    expect(media).toMatchObject({ owner: '17841000000000001', text: 'Check out this photo!' });
    expect(done.runs).toEqual([
      expect.objectContaining({
        platform: 'instagram',
        accountId: 'ig_creator_main',
        status: 'succeeded',
        platformPostId: media.id,
        url: media.permalink,
      }),
    ]);
  });

  it('Multi-account posting: two Instagram accounts and a Facebook Page', async () => {
    await realAccount(h, user, 'instagram', 'ig_personal', {
      accessToken: LIVE('page_1001'),
      metadata: METADATA.instagram('17841000000000002'),
    });
    await realAccount(h, user, 'instagram', 'ig_business', {
      accessToken: LIVE('page_1002'),
      metadata: METADATA.instagram('17841000000000003'),
    });
    await realAccount(h, user, 'facebook', 'fb_page_main', {
      accessToken: LIVE('page_1001'),
      metadata: METADATA.facebook(PAGE_ID),
    });
    const done = await publish(h, user, {
      text: 'Exciting announcement!',
      imageUrls: [h.origin.url('/image.jpg')],
      platform: [
        { platform: 'instagram', accountId: 'ig_personal' },
        { platform: 'instagram', accountId: 'ig_business' },
        { platform: 'facebook', accountId: 'fb_page_main' },
      ],
    });
    expect(done.outcome).toBe('succeeded');
    const byOwner = new Map(h.meta.posts.map((p) => [p.owner, p]));
    expect([...byOwner.keys()].sort()).toEqual([PAGE_ID, '17841000000000002', '17841000000000003']);
    for (const run of done.runs) {
      const owner =
        run.accountId === 'fb_page_main'
          ? PAGE_ID
          : run.accountId === 'ig_personal'
            ? '17841000000000002'
            : '17841000000000003';
      expect(run).toMatchObject({
        status: 'succeeded',
        platformPostId: byOwner.get(owner)!.id,
        url: byOwner.get(owner)!.permalink,
      });
    }
    expect(h.meta.posts.every((p) => p.text === 'Exciting announcement!')).toBe(true);
  });

  it('Text post to X and Threads', async () => {
    await realAccount(h, user, 'x', 'x_main', { accessToken: LIVE('x'), metadata: METADATA.x });
    await realAccount(h, user, 'threads', 'threads_main', {
      accessToken: LIVE('threads'),
      metadata: METADATA.threads,
    });
    const done = await publish(h, user, {
      text: 'Hello from the API!',
      platform: ['x', 'threads'],
    });
    expect(done.outcome).toBe('succeeded');
    const x = done.runs.find((r) => r.platform === 'x')!;
    const threads = done.runs.find((r) => r.platform === 'threads')!;
    expect(x).toMatchObject({
      platformPostId: h.x.tweets[0].id,
      url: `https://x.com/sokudev/status/${h.x.tweets[0].id}`,
    });
    expect(threads).toMatchObject({
      platformPostId: h.meta.posts[0].id,
      url: h.meta.posts[0].permalink,
    });
  });
});
