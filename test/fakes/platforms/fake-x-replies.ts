import type { FakeX } from './fake-x';
import type { FakeReply, ReceivedCall, RouteHandler } from './platform-server';

/** What each reply answers, by the reply's id: tests read the chain from it. */
export const repliedTo = new WeakMap<FakeX, Map<string, string>>();

/**
 * `POST /2/tweets` with `reply` (https://docs.x.com/x-api/posts/create-post, body "reply":
 * `in_reply_to_tweet_id`, the post being replied to, required in the object). A post without it
 * is the fake's usual create. Replying to a post X does not know is refused as an invalid
 * request (the page does not quote the message; this is X's invalid-request problem).
 */
export function xReplyRoutes(fake: FakeX): [string, RouteHandler][] {
  const handler = (call: ReceivedCall): FakeReply => {
    if (call.fields.reply === undefined) {
      return fake.createTweet(call);
    }
    const reply = JSON.parse(call.fields.reply) as { in_reply_to_tweet_id?: unknown };
    const target = reply.in_reply_to_tweet_id;
    if (typeof target !== 'string' || !fake.tweets.some((tweet) => tweet.id === target)) {
      return {
        status: 400,
        body: {
          title: 'Invalid Request',
          type: 'https://api.twitter.com/2/problems/invalid-request',
          status: 400,
          detail: 'One or more parameters to your request was invalid.',
        },
      };
    }
    const created = fake.createTweet(call);
    const id = (created.body as { data?: { id?: string } } | undefined)?.data?.id;
    if (id) {
      const chain = repliedTo.get(fake) ?? new Map<string, string>();
      chain.set(id, target);
      repliedTo.set(fake, chain);
    }
    return created;
  };
  return [['POST /2/tweets', handler]];
}
