import type { PartRequest } from '../../src/modules/connectors/part-publisher';
import { ThreadsPartPublisher } from '../../src/modules/connectors/threads/threads-part-publisher';
import { FakeMetaGraph } from '../fakes/platforms/fake-meta-graph';
import { graphTime } from '../fakes/platforms/meta-graph-shared';
import { connectorConfig, failureOf } from './connector-harness';

const USER = 'threads-user-1';
const TOKEN = 'valid-token';

describe('ThreadsPartPublisher against the fake Threads replies API', () => {
  let meta: FakeMetaGraph;
  let publisher: ThreadsPartPublisher;

  beforeAll(async () => {
    meta = await new FakeMetaGraph((token) => token === TOKEN).start();
    publisher = new ThreadsPartPublisher(
      connectorConfig('threads', meta.url, { SOKU_THREADS_API_VERSION: 'v1.0' }),
    );
  });
  afterAll(() => meta.stop());
  beforeEach(() => {
    meta.reset();
    for (const id of ['1700000000001', '1700000000002']) {
      meta.posts.push({
        id,
        owner: USER,
        text: `Post ${id}`,
        kind: 'TEXT',
        media: [],
        permalink: `https://www.threads.net/@threads.dev/post/C${id}`,
        createdAt: graphTime(),
      });
    }
  });

  const part = (replyToId: string, text: string, overrides: Partial<PartRequest> = {}) => ({
    runId: 'run-1',
    position: 1,
    kind: 'comment' as const,
    platform: 'threads' as const,
    accountId: 'threads_main',
    text,
    postId: replyToId,
    replyToId,
    accessToken: TOKEN,
    metadata: { threadsUserId: USER },
    content: { text },
    sentAt: new Date(),
    signal: new AbortController().signal,
    ...overrides,
  });

  it('should find the reply to the same media, not one with the same text elsewhere', async () => {
    // The other one is the newest: the first of the listing.
    const mine = await publisher.publishPart(part('1700000000002', 'Same words'));
    const other = await publisher.publishPart(part('1700000000001', 'Same words'));
    expect(other.platformPostId).not.toBe(mine.platformPostId);
    await expect(publisher.findPart(part('1700000000002', 'Same words'))).resolves.toEqual(mine);
    const [lookUp] = meta.callsTo('GET /v1.0/:user/replies');
    expect(Number(lookUp.query.since)).toBeGreaterThanOrEqual(1688540400);
    expect(lookUp.query.limit).toBe('25');
  });

  it('should find nothing when no reply, or only an older one, has the text', async () => {
    await expect(publisher.findPart(part('1700000000001', 'Never sent'))).resolves.toBeNull();
    const old = await publisher.publishPart(part('1700000000001', 'Said before'));
    meta.posts.find((p) => p.id === old.platformPostId)!.createdAt = graphTime(
      new Date(Date.now() - 3_600_000),
    );
    await expect(publisher.findPart(part('1700000000001', 'Said before'))).resolves.toBeNull();
  });

  it("should refuse a reply over 500 characters with the fake's answer, as permanent", async () => {
    const failure = await failureOf(publisher.publishPart(part('1700000000001', 'x'.repeat(501))));
    expect(failure).toMatchObject({ kind: 'permanent', code: 'platform_rejected' });
    expect(meta.callsTo('POST /v1.0/:user/threads_publish')).toHaveLength(0);
  });

  it('should refuse an account without its Threads user id before calling Threads', async () => {
    const failure = await failureOf(
      publisher.publishPart(part('1700000000001', 'Hi', { metadata: {} })),
    );
    expect(failure).toMatchObject({ kind: 'permanent', code: 'account_incomplete' });
    expect(meta.calls).toHaveLength(0);
  });
});
