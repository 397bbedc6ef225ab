import { type GraphPost, graphError } from './meta-graph-shared';
import { insightValue } from './meta-insights-fake';
import type { FakeReply, ReceivedCall, RouteHandler } from './platform-server';

/*
 * FB_INSIGHTS_DOCS: the pages this route encodes, cited beside each check by name.
 *   postInsights  https://developers.facebook.com/docs/graph-api/reference/page-post/insights/
 *   deprecated    https://developers.facebook.com/documentation/pages-api/platforminsights/page/deprecated-metrics
 *   changelog     https://developers.facebook.com/documentation/pages-api/changelog/ ("Nov 15, 2025")
 *   multipleIds   https://developers.facebook.com/docs/graph-api/using-graph-api ("Multiple ID Read Requests")
 *   expansion     https://developers.facebook.com/docs/graph-api/guides/field-expansion
 *   reactions     https://developers.facebook.com/docs/graph-api/reference/object/reactions ("summary")
 *   comments      https://developers.facebook.com/docs/graph-api/reference/object/comments ("summary")
 */

/** Post metrics removed for all versions (FB_INSIGHTS_DOCS.deprecated, FB_INSIGHTS_DOCS.changelog). */
export const DEPRECATED_POST_METRICS = [
  'post_impressions',
  'post_impressions_unique',
  'post_impressions_paid',
  'post_impressions_fan',
  'post_impressions_organic',
  'post_impressions_viral',
  'post_impressions_nonviral',
  'post_engaged_users',
];
const POST_METRICS = ['post_media_view', 'post_total_media_view_unique', 'post_clicks'];
const MAX_IDS = 50;

/** Test control, not a platform rule: a token with this suffix was granted no `read_insights`. */
export const WITHOUT_INSIGHTS = '_without_insights';

/** Deterministic counts per post, so tests know what Facebook would answer. */
export function facebookCounts(postId: string): Record<string, number> {
  return {
    reactions: insightValue(postId, 'reactions'),
    comments: insightValue(postId, 'comments'),
    shares: insightValue(postId, 'shares_count'),
  };
}

/** `GET /{version}/?ids=…&fields=…`: several Page posts, with counts and insights expanded. */
export function facebookInsightsRoutes(
  fake: { posts: GraphPost[] },
  graphVersion: string,
  authed: (handler: RouteHandler) => RouteHandler,
): [string, RouteHandler][] {
  return [[`GET /${graphVersion}/`, authed((call) => readPosts(fake, call))]];
}

function readPosts(fake: { posts: GraphPost[] }, call: ReceivedCall): FakeReply {
  const ids = (call.query.ids ?? '').split(',').filter(Boolean);
  if (ids.length === 0 || ids.length > MAX_IDS) {
    // Up to 50 ids in one read (FB_INSIGHTS_DOCS.multipleIds).
    return graphError(400, 100, `(#100) Too many IDs. Maximum: ${MAX_IDS}`);
  }
  // An id that is no object fails the whole multi-id read with #803 naming it.
  const unknown = ids.filter((id) => !fake.posts.some((post) => post.id === id));
  if (unknown.length > 0) {
    return graphError(
      404,
      803,
      `(#803) Some of the aliases you requested do not exist: ${unknown.join(',')}`,
    );
  }
  const fields = call.query.fields ?? '';
  const metrics = /insights\.metric\(([^)]*)\)/.exec(fields)?.[1].split(',') ?? [];
  // A removed metric is "an invalid metric error" (FB_INSIGHTS_DOCS.deprecated); #100 as Graph
  // words it for a name it does not know.
  const invalid = metrics.find((metric) => !POST_METRICS.includes(metric));
  if (invalid) {
    return graphError(400, 100, '(#100) The value must be a valid insights metric', undefined, {
      error_user_msg: `${invalid} is not a valid insights metric`,
    });
  }
  // Insights need a Page token with read_insights (FB_INSIGHTS_DOCS.postInsights, "Permissions").
  const token = call.query.access_token ?? '';
  if (metrics.length > 0 && token.endsWith(WITHOUT_INSIGHTS)) {
    return graphError(
      403,
      10,
      '(#10) This endpoint requires the read_insights permission or the pages_read_engagement permission',
    );
  }
  const body: Record<string, unknown> = {};
  for (const id of ids) {
    body[id] = postFields(id, fields, metrics);
  }
  return { status: 200, body };
}

function postFields(id: string, fields: string, metrics: string[]): Record<string, unknown> {
  const counts = facebookCounts(id);
  const post: Record<string, unknown> = { id };
  // `shares` is left out of a post with none; summaries come with `.summary(…)` on the edge
  // (FB_INSIGHTS_DOCS.expansion, .reactions, .comments).
  if (/(^|,)shares(,|$)/.test(fields) && counts.shares > 0) {
    post.shares = { count: counts.shares };
  }
  if (fields.includes('reactions.summary(total_count)')) {
    post.reactions = { data: [], summary: { total_count: counts.reactions } };
  }
  if (fields.includes('comments.summary(true)')) {
    post.comments = {
      data: [],
      summary: { order: 'ranked', total_count: counts.comments, can_comment: true },
    };
  }
  if (metrics.length > 0) {
    post.insights = {
      data: metrics.map((name) => ({
        name,
        period: 'lifetime',
        values: [{ value: insightValue(id, name) }],
        title: name,
        id: `${id}/insights/${name}/lifetime`,
      })),
    };
  }
  return post;
}
