import type { PartRequest } from '../../src/modules/connectors/part-publisher';
import { LinkedinPartPublisher } from '../../src/modules/connectors/linkedin/linkedin-part-publisher';
import { YoutubePartPublisher } from '../../src/modules/connectors/youtube/youtube-part-publisher';
import { linkedinComments } from '../fakes/platforms/fake-linkedin-comments';
import { youtubeComments } from '../fakes/platforms/fake-youtube-comments';
import { FakeLinkedin } from '../fakes/platforms/linkedin-fake';
import type { Received, Reply } from '../fakes/platforms/recording-server';
import { FakeYoutube } from '../fakes/platforms/youtube-fake';
import { connectorConfig, failureOf } from './connector-harness';

const PAGE = 'urn:li:organization:5515715';

/** A LinkedIn whose comment creation answers only the id header, as a bare Rest.li CREATE does. */
class HeaderOnlyLinkedin extends FakeLinkedin {
  protected override route(req: Received): Reply {
    const reply = super.route(req);
    return reply.status === 201 && req.path.endsWith('/comments')
      ? { ...reply, json: undefined }
      : reply;
  }
}

function part(over: Partial<PartRequest>): PartRequest {
  return {
    runId: 'run-1',
    position: 1,
    kind: 'comment',
    platform: 'linkedin',
    accountId: 'acc',
    text: 'First comment',
    postId: 'post',
    replyToId: 'post',
    accessToken: 'valid-token',
    metadata: {},
    content: {},
    sentAt: new Date(),
    signal: new AbortController().signal,
    ...over,
  };
}

describe('the LinkedIn and YouTube part publishers against their fakes', () => {
  let linkedin: HeaderOnlyLinkedin;
  let youtube: FakeYoutube;

  beforeAll(async () => {
    linkedin = await new HeaderOnlyLinkedin().start();
    youtube = await new FakeYoutube().start();
    youtube.seededVideos.add('vid00000001');
  });
  afterAll(() => Promise.all([linkedin.stop(), youtube.stop()]));

  const seedLinkedinPost = (): string => {
    const id = `urn:li:share:7${String(linkedin.posts.length + 1).padStart(18, '0')}`;
    linkedin.posts.push({ id, author: PAGE, commentary: 'Post', body: {}, createdAt: Date.now() });
    return id;
  };

  it('builds the comment URN from x-restli-id when LinkedIn sends no body', async () => {
    const postId = seedLinkedinPost();
    const publisher = new LinkedinPartPublisher(connectorConfig('linkedin', linkedin.url));
    const request = part({ postId, metadata: { organizationUrn: PAGE } });
    const result = await publisher.publishPart(request);
    const [comment] = linkedinComments(linkedin).comments;
    expect(result.platformPostId).toBe(`urn:li:comment:(${postId},${comment.id})`);
    expect(await publisher.findPart(request)).toMatchObject({
      platformPostId: comment.commentUrn,
    });
    expect(await publisher.findPart({ ...request, text: 'Another text' })).toBeNull();
  });

  it('tries a comment on a post LinkedIn does not show yet again: a 404 made nothing', async () => {
    const publisher = new LinkedinPartPublisher(connectorConfig('linkedin', linkedin.url));
    const request = part({ postId: 'urn:li:share:7999', metadata: { organizationUrn: PAGE } });
    expect(await failureOf(publisher.publishPart(request))).toMatchObject({
      kind: 'retryable',
      code: 'NOT_FOUND',
    });
  });

  it('refuses a YouTube account without a channel id before sending anything', async () => {
    const publisher = new YoutubePartPublisher(connectorConfig('youtube', youtube.url));
    const failure = await failureOf(
      publisher.publishPart(part({ platform: 'youtube', postId: 'vid00000001' })),
    );
    expect(failure).toMatchObject({ kind: 'permanent', code: 'channel_unknown' });
    expect(youtube.calls('POST', '/youtube/v3/commentThreads')).toHaveLength(0);
  });

  it("finds no YouTube comment when the video's threads hold none of ours", async () => {
    const publisher = new YoutubePartPublisher(connectorConfig('youtube', youtube.url));
    const request = part({
      platform: 'youtube',
      postId: 'vid00000001',
      metadata: { channelId: 'UCmine' },
    });
    await publisher.publishPart({ ...request, metadata: { channelId: 'UCsomeoneElse' } });
    expect(youtubeComments(youtube).threads).toHaveLength(1);
    expect(await publisher.findPart(request)).toBeNull();
  });
});
