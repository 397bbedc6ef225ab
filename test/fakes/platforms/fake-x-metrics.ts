import type { FakeReply, RouteHandler } from './platform-server';
import type { XTweet } from './fake-x';

/*
 * X_METRICS_DOCS: the pages this route encodes, cited beside each check by name.
 *   lookup   https://docs.x.com/x-api/posts/get-posts-by-ids ("ids", "tweet.fields")
 *   metrics  https://docs.x.com/x-api/fundamentals/metrics ("Post metrics")
 *   errors   https://docs.x.com/x-api/fundamentals/response-codes-and-errors ("Partial errors")
 */

/** Deterministic counts per post, so tests know what X would report. */
export function xPublicMetrics(id: string): Record<string, number> {
  const seed = Number(id.slice(-4)) || 7;
  return {
    retweet_count: seed % 13,
    reply_count: seed % 7,
    like_count: seed % 101,
    quote_count: seed % 3,
    bookmark_count: seed % 5,
    impression_count: seed * 3,
  };
}

/** `GET /2/tweets`: the post lookup by ids, over the fake's posts. */
export function xMetricsRoutes(
  fake: { tweets: XTweet[] },
  authed: (handler: RouteHandler) => RouteHandler,
): [string, RouteHandler][] {
  return [
    [
      'GET /2/tweets',
      authed((call): FakeReply => {
        const ids = (call.query.ids ?? '').split(',').filter(Boolean);
        // 1 to 100 comma-separated ids (X_METRICS_DOCS.lookup, query "ids").
        if (ids.length === 0 || ids.length > 100) {
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
        // public_metrics only when tweet.fields asks for it (X_METRICS_DOCS.metrics).
        const withMetrics = (call.query['tweet.fields'] ?? '')
          .split(',')
          .includes('public_metrics');
        const known = new Map(fake.tweets.map((tweet) => [tweet.id, tweet]));
        const data = ids
          .filter((id) => known.has(id))
          .map((id) => ({
            id,
            text: known.get(id)!.text,
            edit_history_tweet_ids: [id],
            ...(withMetrics ? { public_metrics: xPublicMetrics(id) } : {}),
          }));
        // Unknown ids are partial errors beside the data (X_METRICS_DOCS.errors).
        const errors = ids
          .filter((id) => !known.has(id))
          .map((id) => ({
            value: id,
            detail: `Could not find tweet with ids: [${id}].`,
            title: 'Not Found Error',
            resource_type: 'tweet',
            parameter: 'ids',
            resource_id: id,
            type: 'https://api.twitter.com/2/problems/resource-not-found',
          }));
        return {
          status: 200,
          body: { ...(data.length > 0 ? { data } : {}), ...(errors.length > 0 ? { errors } : {}) },
        };
      }),
    ],
  ];
}
