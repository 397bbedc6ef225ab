import type { TestUser } from '../../utils/identity';
import {
  LIVE,
  METADATA,
  type PlatformHarness,
  publish,
  realAccount,
  platformSuite,
  THREADS_USER,
} from './platform-harness';

describe('platformOverrides against the fake X and Threads APIs', () => {
  const suite = platformSuite();
  let h: PlatformHarness;
  let user: TestUser;
  beforeEach(() => ({ h, user } = suite));

  it('sends each platform the text and media of its own override', async () => {
    await realAccount(h, user, 'x', 'x_main', { accessToken: LIVE('x'), metadata: METADATA.x });
    await realAccount(h, user, 'threads', 'threads_main', {
      accessToken: LIVE('threads'),
      metadata: METADATA.threads,
      platformAccountId: THREADS_USER,
    });
    const done = await publish(h, user, {
      text: 'The base text, which no target publishes',
      imageUrls: [h.origin.url('/photo.jpg')],
      platform: ['x', 'threads'],
      platformOverrides: {
        x: { text: 'Launch day', imageUrls: [h.origin.url('/graphic.png')] },
        threads: { text: 'A long caption for Threads with every detail of the launch' },
      },
    });
    expect(done.runs.map((r) => r.status)).toEqual(['succeeded', 'succeeded']);
    const [tweet] = h.x.callsTo('POST /2/tweets');
    expect(tweet.fields.text).toBe('Launch day');
    const uploads = h.x.callsTo('POST /2/media/upload');
    expect(uploads.map((u) => u.fields.media_type)).toEqual(['image/png']);
    const [container] = h.meta.callsTo('POST /v1.0/:user/threads');
    expect(container.fields).toMatchObject({
      media_type: 'IMAGE',
      text: 'A long caption for Threads with every detail of the launch',
    });
  });
});
