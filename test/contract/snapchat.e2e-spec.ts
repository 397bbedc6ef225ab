import { SnapchatConnector } from '../../src/modules/connectors/snapchat/snapchat.connector';
import { UnansweredCallError } from '../../src/modules/connectors/unanswered-call';
import { FakeSnapchat } from '../fakes/platforms/snapchat-fake';
import { connectorConfig, failureOf, media, patternBytes, RunHarness } from './connector-harness';

const PROFILE = { profileId: 'pp-1' };

describe('Snapchat connector against the Public Profile API', () => {
  let snap: FakeSnapchat;
  let connector: SnapchatConnector;

  beforeAll(async () => {
    snap = await new FakeSnapchat().start();
    connector = new SnapchatConnector(
      connectorConfig('snapchat', snap.url, { SOKU_SNAPCHAT_CHUNK_BYTES: '65536' }),
    );
  });
  afterAll(() => snap.stop());
  beforeEach(() => {
    snap.received.length = 0;
  });

  it('encrypts the video with AES-256-CBC, uploads it in numbered parts, finalizes, then posts a story', async () => {
    const video = patternBytes(150_000);
    const run = new RunHarness(
      'snapchat',
      { text: 'Snap!' },
      [media(video)],
      'valid-token',
      PROFILE,
    );
    const result = await connector.publish(run.request());

    const [create] = snap.received;
    expect(create).toMatchObject({ method: 'POST', path: '/v1/public_profiles/pp-1/media' });
    expect(create.headers.authorization).toBe('Bearer valid-token');
    expect(create.json).toMatchObject({ type: 'VIDEO', name: 'soku-run-1' });
    expect(Buffer.from(String(create.json?.key), 'base64')).toHaveLength(32);
    expect(Buffer.from(String(create.json?.iv), 'base64')).toHaveLength(16);
    const parts = snap
      .calls('POST', /multipart-upload-v2$/)
      .filter((c) => c.query.get('action') === 'ADD');
    // 150,000 bytes encrypt to 150,016: parts of 65,536, 65,536 and 18,944.
    expect(parts).toHaveLength(3);
    const mediaId = run.state.mediaId as string;
    expect(snap.media.get(mediaId)!.plain!.equals(video)).toBe(true);
    expect(snap.created.at(-1)).toMatchObject({ surface: 'stories', body: { media_id: mediaId } });
    expect(result).toEqual({ platformPostId: snap.created.at(-1)!.id, url: null });
  });

  it('posts a spotlight with its description and locale, and a saved story with its title', async () => {
    const spot = new RunHarness(
      'snapchat',
      { text: 'Spot #fun', options: { snapchat: { surface: 'spotlight', locale: 'fr_FR' } } },
      [media(patternBytes(1000))],
      'valid-token',
      PROFILE,
    );
    await connector.publish(spot.request());
    expect(snap.created.at(-1)).toMatchObject({
      surface: 'spotlights',
      body: { media_id: spot.state.mediaId, description: 'Spot #fun', locale: 'fr_FR' },
    });
    const saved = new RunHarness(
      'snapchat',
      { text: 'Kept', options: { snapchat: { surface: 'saved_story', title: 'Our day' } } },
      [media(Buffer.from('jpegbytes'), { mimeType: 'image/jpeg' })],
      'valid-token',
      PROFILE,
    );
    await connector.publish(saved.request());
    expect(snap.created.at(-1)).toMatchObject({
      surface: 'saved_stories',
      body: {
        saved_stories: [{ snap_sources: [{ media_id: saved.state.mediaId }], title: 'Our day' }],
      },
    });
  });

  it("maps Snap's request_status envelope: 401 is auth, a refused profile is permanent; a sent create cannot be checked", async () => {
    const expired = new RunHarness(
      'snapchat',
      { text: 'x' },
      [media(Buffer.from('v'))],
      'expired',
      PROFILE,
    );
    expect(await failureOf(connector.publish(expired.request()))).toMatchObject({
      kind: 'auth',
      code: 'E1001',
    });
    const other = new RunHarness(
      'snapchat',
      { text: 'x' },
      [media(Buffer.from('v'))],
      'valid-token',
      {
        profileId: 'pp-other',
      },
    );
    expect(await failureOf(connector.publish(other.request()))).toMatchObject({
      kind: 'permanent',
      code: 'E3003',
    });
    expect(await connector.findPublished(other.request())).toBeNull();
    other.state = { createSentAt: new Date().toISOString() };
    expect(await connector.findPublished(other.request())).toBeUndefined();
  });

  it('a 5xx on a spotlight create is not retried: the run cannot check it, so it ends outcome unknown', async () => {
    const run = new RunHarness(
      'snapchat',
      { text: 'Once only', options: { snapchat: { surface: 'spotlight' } } },
      [media(patternBytes(2000))],
      'valid-token',
      PROFILE,
    );
    snap.loseNextCreateAnswer = {
      status: 503,
      json: { request_status: 'ERROR', request_id: 'r', error_code: 'E5000' },
    };
    await expect(connector.publish(run.request())).rejects.toBeInstanceOf(UnansweredCallError);
    expect(await connector.findPublished(run.request())).toBeUndefined();
    expect(await failureOf(connector.publish(run.request()))).toMatchObject({
      kind: 'permanent',
      code: 'outcome_unknown',
    });
    expect(snap.created.filter((c) => c.body.description === 'Once only')).toHaveLength(1);
  });

  it('a refused (4xx) create made nothing: the next attempt creates it', async () => {
    const run = new RunHarness(
      'snapchat',
      { text: 'x', options: { snapchat: { surface: 'spotlight', locale: 'en_US' } } },
      [media(Buffer.from('image'), { mimeType: 'image/jpeg' })],
      'valid-token',
      PROFILE,
    );
    expect(await failureOf(connector.publish(run.request()))).toMatchObject({
      kind: 'permanent',
      code: 'E1002',
    });
    expect(run.state.createSentAt).toBeUndefined();
  });
});
