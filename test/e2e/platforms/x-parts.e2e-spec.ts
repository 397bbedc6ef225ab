import type { TestUser } from '../../utils/identity';
import { repliedTo } from '../../fakes/platforms/fake-x-replies';
import { waitForPost } from '../../utils/posts';
import request from 'supertest';
import {
  LIVE,
  METADATA,
  type PlatformHarness,
  realAccount,
  platformSuite,
} from './platform-harness';

describe('X thread parts and first comments against a fake X API v2', () => {
  const suite = platformSuite();
  let h: PlatformHarness;
  let user: TestUser;
  beforeEach(() => ({ h, user } = suite));

  it('should reply part to part with reply.in_reply_to_tweet_id, the comment to the post', async () => {
    await realAccount(h, user, 'x', 'x_main', { accessToken: LIVE('x'), metadata: METADATA.x });
    const res = await request(h.t.http)
      .post('/v1/posts')
      .set('soku-api-key', user.apiKey)
      .send({
        post: {
          content: {
            text: 'Thread 1/3',
            platform: 'x',
            thread: [{ text: 'Thread 2/3' }, { text: 'Thread 3/3' }],
            firstComment: { text: 'The link: https://soku.example' },
          },
        },
      })
      .expect(201);
    type Run = {
      status: string;
      platformPostId: string;
      parts?: { status: string; platformPostId: string; url: string }[];
    };
    const done = await waitForPost(h.t, user.apiKey, res.body.postSubmissionId, (post) =>
      (post.runs as Run[]).every(
        (run) => run.parts?.length === 3 && run.parts.every((p) => p.status === 'succeeded'),
      ),
    );
    const [run] = done.runs as Run[];
    const [two, three, comment] = run.parts!;
    const chain = repliedTo.get(h.x)!;
    expect(chain.get(two.platformPostId)).toBe(run.platformPostId);
    expect(chain.get(three.platformPostId)).toBe(two.platformPostId);
    expect(chain.get(comment.platformPostId)).toBe(run.platformPostId);
    expect(three.url).toBe(`https://x.com/sokudev/status/${three.platformPostId}`);
    const sent = h.x.callsTo('POST /2/tweets').map((call) => call.fields);
    expect(sent[1]).toEqual({
      text: 'Thread 2/3',
      reply: JSON.stringify({ in_reply_to_tweet_id: run.platformPostId }),
    });
    expect(h.x.tweets).toHaveLength(4);
  });
});
