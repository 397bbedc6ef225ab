import type { FakeReply, RouteHandler } from './platform-server';
import { type GraphPost, graphError } from './meta-graph-shared';

/*
 * META_INSIGHTS_DOCS: the pages these routes encode, cited beside each check by name.
 *   instagram  https://developers.facebook.com/docs/instagram-platform/reference/instagram-media/insights
 *   threads    https://developers.facebook.com/docs/threads/insights ("Media Insights")
 */
const METRICS: Record<'instagram' | 'threads', string[]> = {
  instagram: ['views', 'reach', 'likes', 'comments', 'shares', 'saved', 'total_interactions'],
  threads: ['views', 'likes', 'replies', 'reposts', 'quotes', 'shares'],
};

/** A deterministic value per post and metric, so tests know what Meta would answer. */
export function insightValue(postId: string, metric: string): number {
  const seed = Number(postId.slice(-4)) || 3;
  return (seed * (metric.length + 1)) % 997;
}

/** `GET /{version}/{media-id}/insights` of Instagram (Graph version) and Threads. */
export function metaInsightsRoutes(
  fake: { posts: GraphPost[] },
  graphVersion: string,
  threadsVersion: string,
  authed: (handler: RouteHandler) => RouteHandler,
): [string, RouteHandler][] {
  const insights =
    (family: 'instagram' | 'threads'): RouteHandler =>
    (call, [id]): FakeReply => {
      const metrics = (call.query.metric ?? '').split(',').filter(Boolean);
      // `metric` is required and each must be one the media supports (META_INSIGHTS_DOCS.<family>,
      // "Metrics"); Meta answers (#100) for an unknown one.
      const unknown = metrics.find((metric) => !METRICS[family].includes(metric));
      if (metrics.length === 0 || unknown) {
        return graphError(
          400,
          100,
          `(#100) metric[0] must be one of the following values: ${METRICS[family].join(', ')}`,
        );
      }
      if (!fake.posts.some((post) => post.id === id)) {
        return graphError(
          400,
          100,
          `Unsupported get request. Object with ID '${id}' does not exist.`,
          33,
        );
      }
      return {
        status: 200,
        body: {
          data: metrics.map((name) => ({
            name,
            period: 'lifetime',
            values: [{ value: insightValue(id, name) }],
            title: name,
            description: `${name} of the media`,
            id: `${id}/insights/${name}/lifetime`,
          })),
        },
      };
    };
  return [
    [`GET /${graphVersion}/:id/insights`, authed(insights('instagram'))],
    [`GET /${threadsVersion}/:id/insights`, authed(insights('threads'))],
  ];
}
