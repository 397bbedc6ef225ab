import { YoutubeConnector } from '../../src/modules/connectors/youtube/youtube.connector';
import { FakeYoutube, googleError } from '../fakes/platforms/youtube-fake';
import { connectorConfig, failureOf, media, patternBytes, RunHarness } from './connector-harness';

const KIB = 1024;

describe('YouTube connector against the resumable upload protocol', () => {
  let youtube: FakeYoutube;
  let connector: YoutubeConnector;

  beforeAll(async () => {
    youtube = await new FakeYoutube().start();
    connector = new YoutubeConnector(
      connectorConfig('youtube', youtube.url, { SOKU_YOUTUBE_CHUNK_BYTES: String(256 * KIB) }),
    );
  });
  afterAll(() => youtube.stop());
  beforeEach(() => {
    youtube.received.length = 0;
  });

  it('opens one session with the metadata, saves it before sending, then sends 256 KiB chunks', async () => {
    const video = patternBytes(700 * KIB);
    const run = new RunHarness(
      'youtube',
      {
        text: 'New video is live!\nMore below.',
        options: { youtube: { tags: ['soku', 'api'], madeForKids: false, privacy: 'unlisted' } },
      },
      [media(video)],
    );
    const result = await connector.publish(run.request());

    const [start, ...puts] = youtube.received;
    expect(start.method).toBe('POST');
    expect(start.path).toBe('/upload/youtube/v3/videos');
    expect(Object.fromEntries(start.query)).toEqual({
      uploadType: 'resumable',
      part: 'snippet,status',
    });
    expect(start.headers).toMatchObject({
      authorization: 'Bearer valid-token',
      'x-upload-content-length': String(700 * KIB),
      'x-upload-content-type': 'video/mp4',
    });
    expect(start.json).toEqual({
      snippet: {
        title: 'New video is live!',
        description: 'New video is live!\nMore below.',
        tags: ['soku', 'api'],
      },
      status: { privacyStatus: 'unlisted', selfDeclaredMadeForKids: false },
    });
    expect(run.saved[0]).toEqual({
      sessionUrl: expect.stringContaining('upload_id='),
      total: 700 * KIB,
    });
    expect(puts.map((p) => p.headers['content-range'])).toEqual([
      `bytes 0-${256 * KIB - 1}/${700 * KIB}`,
      `bytes ${256 * KIB}-${512 * KIB - 1}/${700 * KIB}`,
      `bytes ${512 * KIB}-${700 * KIB - 1}/${700 * KIB}`,
    ]);
    const session = [...youtube.sessions.values()].at(-1)!;
    expect(youtube.video(session.id).equals(video)).toBe(true);
    expect(result).toEqual({
      platformPostId: session.videoId,
      url: `https://www.youtube.com/watch?v=${session.videoId}`,
    });
  });

  it('resumes an upload cut mid-chunk from the offset the session reports: every byte arrives once', async () => {
    const video = patternBytes(1000 * KIB);
    const run = new RunHarness('youtube', { text: 'cut' }, [media(video)]);
    // The second chunk dies after 100 KiB of it reached YouTube.
    youtube.interrupt(
      (req) => req.headers['content-range']?.startsWith(`bytes ${256 * KIB}-`) ?? false,
      100 * KIB,
    );

    const result = await connector.publish(run.request());

    const session = [...youtube.sessions.values()].at(-1)!;
    expect(youtube.sessions.size).toBeGreaterThan(0);
    expect(youtube.calls('POST', '/upload/youtube/v3/videos')).toHaveLength(1);
    const ranges = youtube
      .calls('PUT', '/upload/youtube/v3/videos')
      .map((p) => p.headers['content-range']);
    expect(ranges).toEqual([
      `bytes 0-${256 * KIB - 1}/${1000 * KIB}`,
      `bytes */${1000 * KIB}`,
      `bytes ${356 * KIB}-${612 * KIB - 1}/${1000 * KIB}`,
      `bytes ${612 * KIB}-${868 * KIB - 1}/${1000 * KIB}`,
      `bytes ${868 * KIB}-${1000 * KIB - 1}/${1000 * KIB}`,
    ]);
    expect(session.received).toBe(1000 * KIB);
    expect(youtube.video(session.id).equals(video)).toBe(true);
    expect(result.platformPostId).toBe(session.videoId);
  });

  it('a later attempt asks the saved session where it stopped instead of opening another', async () => {
    const video = patternBytes(600 * KIB);
    const run = new RunHarness('youtube', { text: 'crash' }, [media(video)]);
    youtube.interrupt(
      (req) => req.headers['content-range']?.startsWith(`bytes ${256 * KIB}-`) ?? false,
      10 * KIB,
    );
    // The attempt cannot resume: YouTube answers its status probe with a 503.
    youtube.failNextProbe = googleError(503, 'backendError', 'Backend Error');
    expect(await failureOf(connector.publish(run.request()))).toMatchObject({
      kind: 'retryable',
      code: 'backendError',
    });

    expect(await connector.findPublished(run.request())).toBeNull();
    const result = await connector.publish(run.request());

    expect(youtube.calls('POST', '/upload/youtube/v3/videos')).toHaveLength(1);
    const session = [...youtube.sessions.values()].at(-1)!;
    expect(youtube.video(session.id).equals(video)).toBe(true);
    expect(await connector.findPublished(run.request())).toEqual(result);
  });

  it('defers on quotaExceeded and uploadLimitExceeded, fails on invalidTitle, asks for a refresh on 401', async () => {
    const run = () => new RunHarness('youtube', { text: 'q' }, [media(patternBytes(1000))]);
    youtube.failNextSession = googleError(
      403,
      'quotaExceeded',
      'The request cannot be completed because you have exceeded your quota.',
    );
    expect(await failureOf(connector.publish(run().request()))).toMatchObject({
      kind: 'deferred',
      code: 'quotaExceeded',
      retryAfterMs: 3_600_000,
    });
    youtube.failNextSession = googleError(
      400,
      'uploadLimitExceeded',
      'The user has exceeded the number of videos they may upload.',
    );
    expect(await failureOf(connector.publish(run().request()))).toMatchObject({
      kind: 'deferred',
      code: 'uploadLimitExceeded',
    });
    youtube.failNextSession = googleError(
      400,
      'invalidTitle',
      'The request metadata specifies an invalid video title.',
    );
    expect(await failureOf(connector.publish(run().request()))).toMatchObject({
      kind: 'permanent',
      code: 'invalidTitle',
    });
    // Past the request-time rule (a post made before it): YouTube's own refusal is final.
    const angled = new RunHarness('youtube', { text: 'a -> b' }, [media(patternBytes(1000))]);
    expect(await failureOf(connector.publish(angled.request()))).toMatchObject({
      kind: 'permanent',
      code: 'invalidDescription',
    });
    const expired = new RunHarness(
      'youtube',
      { text: 'q' },
      [media(patternBytes(1000))],
      'expired',
    );
    expect(await failureOf(connector.publish(expired.request()))).toMatchObject({
      kind: 'auth',
      code: 'authError',
    });
  });
});
