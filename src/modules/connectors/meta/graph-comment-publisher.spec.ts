import type { PartRequest } from '../part-publisher';
import type { GraphClient, GraphCall } from './graph-client';
import { GraphCommentPublisher } from './graph-comment-publisher';

class PagePartPublisher extends GraphCommentPublisher {
  readonly platform = 'facebook';
  constructor(graph: GraphClient) {
    super(graph, { textField: 'message', timeField: 'created_time', authorKey: 'pageId' });
  }
  protected commentUrl(_request: PartRequest, id: string): Promise<string | null> {
    return Promise.resolve(`https://www.facebook.com/c/${id}`);
  }
}

/** Meta's time format: `2026-12-07T10:00:00+0000`. */
const graphTime = (at: Date) => at.toISOString().replace(/\.\d{3}Z$/, '+0000');
const sentAt = new Date('2026-12-07T10:00:00Z');
const request: PartRequest = {
  runId: 'run-1',
  position: 1,
  kind: 'comment',
  platform: 'facebook',
  accountId: 'fb_page_main',
  text: 'Links below',
  content: { text: 'x' },
  postId: '1001_42',
  replyToId: '1001_42',
  accessToken: 'page-token',
  metadata: { pageId: '1001' },
  sentAt,
  signal: new AbortController().signal,
};

function listing(data: Record<string, unknown>[]) {
  const calls: GraphCall[] = [];
  const graph = {
    platformName: 'Facebook',
    call: (call: GraphCall) => {
      calls.push(call);
      return Promise.resolve({ data });
    },
  } as unknown as GraphClient;
  return { publisher: new PagePartPublisher(graph), calls };
}

const comment = (id: string, message: string, at: Date, from = '1001') => ({
  id,
  message,
  created_time: graphTime(at),
  from: { id: from, name: 'Page' },
});

describe('GraphCommentPublisher', () => {
  it("should find the account's own comment with the text, sent at the part's send or later", async () => {
    const { publisher, calls } = listing([
      comment('1001_42_1', 'Links below', new Date('2026-12-07T09:00:00Z')),
      comment('1001_42_2', 'Links below', new Date('2026-12-07T10:00:01Z'), '777'),
      comment('1001_42_3', 'Other text', new Date('2026-12-07T10:00:02Z')),
      comment('1001_42_4', ' Links below ', new Date('2026-12-07T10:00:03Z')),
    ]);
    await expect(publisher.findPart(request)).resolves.toEqual({
      platformPostId: '1001_42_4',
      url: 'https://www.facebook.com/c/1001_42_4',
    });
    expect(calls[0]).toMatchObject({ method: 'GET', path: '/1001_42/comments' });
    expect(calls[0].params!.fields).toBe('id,message,created_time,from');
  });

  it('should answer null when no comment of the account matches', async () => {
    const { publisher } = listing([
      comment('1001_42_1', 'Links below', new Date('2026-12-07T09:00:00Z')),
      comment('1001_42_2', 'Links below', new Date('2026-12-07T10:00:01Z'), '777'),
    ]);
    await expect(publisher.findPart(request)).resolves.toBeNull();
  });

  it('should fail auth without calling Meta when the account has no token', async () => {
    const { publisher, calls } = listing([]);
    await expect(publisher.publishPart({ ...request, accessToken: null })).rejects.toMatchObject({
      kind: 'auth',
      code: 'token_missing',
    });
    expect(calls).toHaveLength(0);
  });
});
