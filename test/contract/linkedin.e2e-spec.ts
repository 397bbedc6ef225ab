import { LinkedinConnector } from '../../src/modules/connectors/linkedin/linkedin.connector';
import { FakeLinkedin } from '../fakes/platforms/linkedin-fake';
import { loadConfig } from '../../src/config/soku-config';
import { connectorConfig, failureOf, media, patternBytes, RunHarness } from './connector-harness';

const PERSON = { personUrn: 'urn:li:person:li-sub-1' };
const KIB = 1024;

describe('LinkedIn connector against the Posts, Images and Videos APIs', () => {
  let linkedin: FakeLinkedin;
  let connector: LinkedinConnector;

  beforeAll(async () => {
    linkedin = await new FakeLinkedin().start();
    linkedin.partSize = 100 * KIB;
    connector = new LinkedinConnector(connectorConfig('linkedin', linkedin.url));
  });
  afterAll(() => linkedin.stop());
  beforeEach(() => {
    linkedin.received.length = 0;
  });

  it('posts text as the member, in little text, with the versioned headers; the id comes from x-restli-id', async () => {
    const run = new RunHarness(
      'linkedin',
      { text: 'Hello (world) #Launch' },
      [],
      'valid-token',
      PERSON,
    );
    const result = await connector.publish(run.request());

    const [post] = linkedin.received;
    expect(post).toMatchObject({ method: 'POST', path: '/rest/posts' });
    expect(post.headers).toMatchObject({
      authorization: 'Bearer valid-token',
      'linkedin-version': loadConfig({}).platformApi.linkedinVersion,
      'x-restli-protocol-version': '2.0.0',
      'content-type': 'application/json',
    });
    expect(post.json).toEqual({
      author: 'urn:li:person:li-sub-1',
      commentary: 'Hello \\(world\\) {hashtag|\\#|Launch}',
      visibility: 'PUBLIC',
      distribution: {
        feedDistribution: 'MAIN_FEED',
        targetEntities: [],
        thirdPartyDistributionChannels: [],
      },
      lifecycleState: 'PUBLISHED',
      isReshareDisabledByAuthor: false,
    });
    const id = linkedin.posts.at(-1)!.id;
    expect(result).toEqual({
      platformPostId: id,
      url: `https://www.linkedin.com/feed/update/${id}`,
    });
  });

  it('uploads three images as an organization and posts them as multiImage', async () => {
    const images = [1, 2, 3].map((n) =>
      media(patternBytes(2000 + n), { id: `img${n}`, mimeType: 'image/jpeg' }),
    );
    const run = new RunHarness(
      'linkedin',
      {
        text: 'Three photos',
        options: { linkedin: { organizationId: '5515715', visibility: 'PUBLIC' } },
      },
      images,
      'valid-token',
      PERSON,
    );
    await connector.publish(run.request());

    const inits = linkedin.calls('POST', '/rest/images');
    expect(inits.map((c) => [c.query.get('action'), c.json])).toEqual(
      Array(3).fill([
        'initializeUpload',
        { initializeUploadRequest: { owner: 'urn:li:organization:5515715' } },
      ]),
    );
    const puts = linkedin.calls('PUT', /^\/dms-uploads\/image\//);
    expect(puts.map((p) => p.body.length)).toEqual([2001, 2002, 2003]);
    const post = linkedin.posts.at(-1)!;
    expect(post.author).toBe('urn:li:organization:5515715');
    expect(post.body.content).toEqual({
      multiImage: { images: (run.state.images as string[]).map((id) => ({ id })) },
    });
  });

  it('uploads a video in the parts LinkedIn gives, finalizes with every ETag, waits for AVAILABLE, then posts it', async () => {
    const video = patternBytes(250 * KIB);
    const run = new RunHarness(
      'linkedin',
      { text: 'Video day' },
      [media(video)],
      'valid-token',
      PERSON,
    );

    const first = await failureOf(connector.publish(run.request()));
    expect(first).toMatchObject({ kind: 'deferred', code: 'platform_processing' });
    expect(linkedin.calls('POST', '/rest/posts')).toHaveLength(0);
    const result = await run.publishUntilSettled(connector);

    const init = linkedin
      .calls('POST', '/rest/videos')
      .find((c) => c.query.get('action') === 'initializeUpload')!;
    expect(init.json).toEqual({
      initializeUploadRequest: {
        owner: 'urn:li:person:li-sub-1',
        fileSizeBytes: 250 * KIB,
        uploadCaptions: false,
        uploadThumbnail: false,
      },
    });
    expect(linkedin.calls('PUT', /\/part\//).map((p) => p.body.length)).toEqual([
      100 * KIB,
      100 * KIB,
      50 * KIB,
    ]);
    const urn = (run.state.video as { urn: string }).urn;
    const finalize = linkedin
      .calls('POST', '/rest/videos')
      .find((c) => c.query.get('action') === 'finalizeUpload')!;
    expect(finalize.json).toEqual({
      finalizeUploadRequest: {
        video: urn,
        uploadToken: expect.stringMatching(/^token-/),
        uploadedPartIds: linkedin.videos.get(urn)!.parts.map((p) => p.etag),
      },
    });
    expect(linkedin.video(urn).equals(video)).toBe(true);
    expect(
      linkedin.calls('GET', `/rest/videos/${encodeURIComponent(urn)}`).length,
    ).toBeGreaterThanOrEqual(2);
    expect(linkedin.posts.at(-1)!.body.content).toEqual({ media: { id: urn } });
    expect(result.platformPostId).toBe(linkedin.posts.at(-1)!.id);
  });

  it("after a member's lost answer the resend's DUPLICATE_POST names the post: one post, no author listing", async () => {
    const run = new RunHarness('linkedin', { text: 'Lost answer' }, [], 'valid-token', PERSON);
    linkedin.loseNextPostAnswer = true;
    expect(await failureOf(connector.publish(run.request()))).toMatchObject({ kind: 'retryable' });

    expect(await connector.findPublished(run.request())).toBeNull();
    expect(linkedin.calls('GET', '/rest/posts')).toHaveLength(0);
    const post = linkedin.posts.at(-1)!;
    expect(await connector.publish(run.request())).toEqual({
      platformPostId: post.id,
      url: `https://www.linkedin.com/feed/update/${post.id}`,
    });
    expect(linkedin.posts.filter((p) => p.commentary === 'Lost answer')).toHaveLength(1);
  });

  it("after an organization's lost answer finds the post among its latest", async () => {
    const run = new RunHarness(
      'linkedin',
      { text: 'Org lost answer', options: { linkedin: { organizationId: '5515715' } } },
      [],
      'valid-token',
      PERSON,
    );
    linkedin.loseNextPostAnswer = true;
    expect(await failureOf(connector.publish(run.request()))).toMatchObject({ kind: 'retryable' });
    const post = linkedin.posts.at(-1)!;
    expect(await connector.findPublished(run.request())).toEqual({
      platformPostId: post.id,
      url: `https://www.linkedin.com/feed/update/${post.id}`,
    });
  });

  it('maps 422 DUPLICATE_POST (first send) to a permanent failure and 401 65600 to auth', async () => {
    const again = new RunHarness(
      'linkedin',
      { text: 'Hello (world) #Launch' },
      [],
      'valid-token',
      PERSON,
    );
    expect(await failureOf(connector.publish(again.request()))).toMatchObject({
      kind: 'permanent',
      code: 'duplicate_post',
    });
    const expired = new RunHarness('linkedin', { text: 'x' }, [], 'expired', PERSON);
    expect(await failureOf(connector.publish(expired.request()))).toMatchObject({
      kind: 'auth',
      code: 'INVALID_ACCESS_TOKEN',
    });
  });

  it('is refused 426 NONEXISTENT_VERSION at a sunset LinkedIn-Version, as a permanent failure', async () => {
    const retired = new LinkedinConnector(
      connectorConfig('linkedin', linkedin.url, { SOKU_LINKEDIN_VERSION: '202510' }),
    );
    const run = new RunHarness('linkedin', { text: 'Old version' }, [], 'valid-token', PERSON);
    expect(await failureOf(retired.publish(run.request()))).toMatchObject({
      kind: 'permanent',
      code: 'NONEXISTENT_VERSION',
      message: 'LinkedIn: Requested version 202510 is not active',
    });
    expect(linkedin.posts.filter((p) => p.commentary === 'Old version')).toHaveLength(0);
  });
});
