import { Injectable } from '@nestjs/common';
import { platformApiBase } from '../../../config/platform-api-hosts';
import { classifyGraphError } from '../meta/graph-errors';
import { isPermissionCode } from '../meta/graph-insights';
import {
  allUnavailable,
  count,
  type MetricsReadRequest,
  type PostMetricsResult,
  reported,
} from '../metrics/post-metrics-reader';
import { ConfiguredMetricsReader } from '../metrics/configured-metrics-reader';
import { type ReadItem, requireToken, resultsById } from '../metrics/results-by-id';
import { type PlatformAnswer, asObject, asString, callPlatform } from '../platform-http';

/**
 * The Page post insights still served in 2026: `post_impressions*` were removed on 2025-06-15
 * (unique) and 2025-11-15 (the rest), replaced by `post_total_media_view_unique` and
 * `post_media_view` (https://developers.facebook.com/documentation/pages-api/changelog/).
 */
export const FACEBOOK_POST_INSIGHTS = [
  'post_media_view',
  'post_total_media_view_unique',
  'post_clicks',
];
/** The post's own counts beside its insights, one Graph call for both (field expansion). */
const FIELDS = [
  'shares',
  'reactions.summary(total_count).limit(0)',
  'comments.summary(true).limit(0)',
  `insights.metric(${FACEBOOK_POST_INSIGHTS.join(',')})`,
].join(',');
/** Graph's "Some of the aliases you requested do not exist: a,b" for a multi-id read. */
const MISSING_ALIASES = 803;

/**
 * Facebook Page posts: `GET /?ids=…&fields=…` reads up to 50 posts a call with their share,
 * reaction and comment counts and `insights.metric(…)`; needs `pages_read_engagement` and
 * `read_insights`. A token without them leaves every post unavailable in Meta's words.
 */
@Injectable()
export class FacebookMetricsReader extends ConfiguredMetricsReader {
  readonly platform = 'facebook';
  readonly batchSize = 50;

  async read(request: MetricsReadRequest): Promise<PostMetricsResult[]> {
    const token = requireToken(request);
    let ids = request.posts.map((post) => post.platformPostId);
    let answer = await this.lookup(ids, token);
    const gone = missingAliases(answer);
    const missing = (id: string) =>
      gone.includes(id)
        ? 'Facebook: the post does not exist any more'
        : 'Facebook: the post is not visible to this Page token';
    if (gone.length > 0) {
      // A deleted post fails the whole multi-id read: ask again for the others.
      ids = ids.filter((id) => !gone.includes(id));
      if (ids.length === 0) {
        return resultsById(request, new Map(), readPost, missing);
      }
      answer = await this.lookup(ids, token);
    }
    const error = asObject(answer.json.error);
    if (answer.json.error && isPermissionCode(error.code)) {
      return allUnavailable(
        request,
        'metrics_unavailable',
        `Facebook: ${asString(error.message) ?? 'missing permission'}`,
      );
    }
    if (answer.json.error || answer.status >= 300) {
      throw classifyGraphError(answer.status, error, answer.headers, 'Facebook');
    }
    const found = new Map(
      ids.filter((id) => answer.json[id]).map((id) => [id, asObject(answer.json[id])]),
    );
    return resultsById(request, found, readPost, missing);
  }

  private lookup(ids: string[], token: string): Promise<PlatformAnswer> {
    const url = new URL(
      `${platformApiBase(this.config, 'facebook')}/${this.config.platformApi.metaGraphVersion}/`,
    );
    url.searchParams.set('ids', ids.join(','));
    url.searchParams.set('fields', FIELDS);
    url.searchParams.set('access_token', token);
    return callPlatform(
      { method: 'GET', url: url.toString() },
      { timeoutMs: this.config.platformApi.timeoutMs, platformName: 'Facebook' },
    );
  }
}

function readPost(post: Record<string, unknown>): ReadItem {
  const insights: Record<string, number> = {};
  const data = asObject(post.insights).data;
  for (const entry of Array.isArray(data) ? data.map(asObject) : []) {
    const value = count(asObject(Array.isArray(entry.values) ? entry.values[0] : {}).value);
    const name = asString(entry.name);
    if (name && value !== undefined) {
      insights[name] = value;
    }
  }
  const raw = {
    ...insights,
    reactions: count(asObject(asObject(post.reactions).summary).total_count),
    comments: count(asObject(asObject(post.comments).summary).total_count),
    // Graph leaves `shares` out of a post nobody shared.
    shares: count(asObject(post.shares).count) ?? 0,
  };
  return {
    raw,
    figures: reported({
      impressions: insights.post_total_media_view_unique,
      views: insights.post_media_view,
      likes: raw.reactions,
      comments: raw.comments,
      shares: raw.shares,
      saves: undefined,
      clicks: insights.post_clicks,
    }),
  };
}

/** The ids a (#803) answer names as not existing, or none. */
function missingAliases(answer: PlatformAnswer): string[] {
  const error = asObject(answer.json.error);
  const message = asString(error.message);
  if (error.code !== MISSING_ALIASES || !message?.includes(':')) {
    return [];
  }
  return message
    .slice(message.lastIndexOf(':') + 1)
    .split(',')
    .map((id) => id.trim())
    .filter(Boolean);
}
