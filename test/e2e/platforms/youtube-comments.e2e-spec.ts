import { startMediaOrigin, type MediaOrigin } from '../../fakes/media-origin';
import { mp4 } from '../../fakes/media-samples';
import { youtubeComments } from '../../fakes/platforms/fake-youtube-comments';
import { FakeYoutube } from '../../fakes/platforms/youtube-fake';
import { addAccount } from '../../utils/accounts';
import { createUser, type TestUser } from '../../utils/identity';
import { createTestApp, type TestApp } from '../../utils/test-app';
import { FAST_PARTS_ENV, partFailedEvents, publishWithParts } from './comments-support';

const CHANNEL = 'UCsokuChannel000000001';

describe('YouTube first comments through commentThreads of a fake YouTube Data API', () => {
  let t: TestApp;
  let youtube: FakeYoutube;
  let origin: MediaOrigin;
  let user: TestUser;

  beforeAll(async () => {
    youtube = await new FakeYoutube().start();
    origin = await startMediaOrigin();
    origin.serve('/video.mp4', mp4(12, 5000), { type: 'video/mp4' });
    t = await createTestApp({
      env: {
        ...FAST_PARTS_ENV,
        SOKU_YOUTUBE_API_BASE: youtube.url,
        SOKU_YOUTUBE_CHUNK_BYTES: String(256 * 1024),
      },
    });
  });
  beforeEach(async () => {
    await t.reset();
    youtube.received.length = 0;
    const state = youtubeComments(youtube);
    state.threads.length = 0;
    state.scopes.clear();
    state.commentsOffForUploads = false;
    user = await createUser(t);
  });
  afterAll(async () => {
    await t.close();
    await Promise.all([youtube.stop(), origin.close()]);
  });

  const channel = (token = 'valid-yt') =>
    addAccount(t, user.userId, 'youtube', 'yt_channel', {
      sandbox: false,
      accessToken: token,
      metadata: { channelId: CHANNEL },
    });
  const video = (extra: Record<string, unknown>) => ({
    text: 'Launch video',
    videoUrl: origin.url('/video.mp4'),
    platform: 'youtube',
    ...extra,
  });
  const threadCalls = (method: string) => youtube.calls(method, '/youtube/v3/commentThreads');

  it('inserts the first comment as a top-level comment thread of the video, as the channel', async () => {
    await channel();
    const run = await publishWithParts(
      t,
      user,
      video({ firstComment: { text: 'Chapters: 0:00 intro' } }),
      1,
    );
    const [call] = threadCalls('POST');
    expect(call.query.get('part')).toBe('snippet');
    expect(call.headers.authorization).toBe('Bearer valid-yt');
    expect(call.json).toEqual({
      snippet: {
        channelId: CHANNEL,
        videoId: run.platformPostId,
        topLevelComment: { snippet: { textOriginal: 'Chapters: 0:00 intro' } },
      },
    });
    const [thread] = youtubeComments(youtube).threads;
    expect(run.partial).toBe(false);
    expect(run.parts).toEqual([
      expect.objectContaining({
        position: 1,
        kind: 'comment',
        status: 'succeeded',
        platformPostId: thread.id,
        url: `https://www.youtube.com/watch?v=${run.platformPostId}&lc=${thread.id}`,
      }),
    ]);
  });

  it('makes a thread under threadFallback first_comment, then the first comment, in order', async () => {
    await channel();
    const run = await publishWithParts(
      t,
      user,
      video({
        thread: [{ text: 'Part 2' }, { text: 'Part 3' }],
        threadFallback: 'first_comment',
        firstComment: { text: 'Links below' },
      }),
      3,
    );
    const threads = youtubeComments(youtube).threads;
    expect(threads.map((th) => [th.videoId, th.channelId, th.text])).toEqual([
      [run.platformPostId, CHANNEL, 'Part 2'],
      [run.platformPostId, CHANNEL, 'Part 3'],
      [run.platformPostId, CHANNEL, 'Links below'],
    ]);
    expect(run.parts!.map((p) => [p.position, p.status, p.platformPostId])).toEqual(
      threads.map((th, i) => [i + 1, 'succeeded', th.id]),
    );
  });

  it('fails the part commentsDisabled when the video has comments off: run succeeded, partial, event', async () => {
    await channel();
    youtubeComments(youtube).commentsOffForUploads = true;
    const run = await publishWithParts(t, user, video({ firstComment: { text: 'Hello' } }), 1);
    expect(run.status).toBe('succeeded');
    expect(run.partial).toBe(true);
    expect(run.parts![0]).toMatchObject({
      status: 'failed',
      error: { code: 'commentsDisabled', message: expect.stringContaining('disabled comments') },
    });
    expect(youtubeComments(youtube).threads).toHaveLength(0);
    expect((await partFailedEvents(t)).map((e) => e.data.partPosition)).toEqual([1]);
  });

  it('fails the part asking for a reconnect when the token lacks youtube.force-ssl', async () => {
    youtubeComments(youtube).scopes.set('valid-yt-upload-only', [
      'https://www.googleapis.com/auth/youtube.upload',
      'https://www.googleapis.com/auth/youtube.readonly',
    ]);
    await channel('valid-yt-upload-only');
    const run = await publishWithParts(t, user, video({ firstComment: { text: 'Hello' } }), 1);
    expect(run.status).toBe('succeeded');
    expect(run.partial).toBe(true);
    expect(run.parts![0]).toMatchObject({
      status: 'failed',
      error: {
        code: 'account_needs_reauth',
        message: expect.stringContaining('insufficient authentication scopes'),
      },
    });
  });

  it("after a lost answer finds the channel's comment among the video's threads, sent once", async () => {
    await channel();
    youtubeComments(youtube).loseNextAnswer = true;
    const run = await publishWithParts(t, user, video({ firstComment: { text: 'Once' } }), 1);
    const threads = youtubeComments(youtube).threads;
    expect(threads).toHaveLength(1);
    expect(threadCalls('POST')).toHaveLength(1);
    const [list] = threadCalls('GET');
    expect(list.query.get('videoId')).toBe(run.platformPostId);
    expect(run.parts![0]).toMatchObject({ status: 'succeeded', platformPostId: threads[0].id });
  });
});
