import { requireAccessToken } from '../platform-connector';
import {
  count,
  type MetricFigures,
  type MetricName,
  type MetricsReadRequest,
  type PostMetricsResult,
} from './post-metrics-reader';

/** One platform item as read: its own fields as the platform sent them, and the figures. */
export interface ReadItem {
  raw: Record<string, unknown>;
  figures: MetricFigures;
}

/** The read's token; a read without one is an auth failure, for the collector to retry later. */
export function requireToken(request: MetricsReadRequest): string {
  requireAccessToken(request);
  return request.accessToken;
}

/**
 * One result per post asked, from the items a batched call answered by platform id: a post whose
 * id is not among them is `post_not_found`, with the platform's words when it gave any.
 */
export function resultsById<T>(
  request: MetricsReadRequest,
  found: Map<string, T>,
  read: (item: T) => ReadItem,
  missing: (platformPostId: string) => string,
): PostMetricsResult[] {
  return request.posts.map((post): PostMetricsResult => {
    const item = found.get(post.platformPostId);
    if (item === undefined) {
      return {
        runId: post.runId,
        status: 'unavailable',
        code: 'post_not_found',
        reason: missing(post.platformPostId),
      };
    }
    return { runId: post.runId, status: 'read', ...read(item) };
  });
}

/** An item whose figures are each one of its count fields (`{ views: 'view_count' }`). */
export function countsOf(
  item: Record<string, unknown>,
  fields: Partial<Record<MetricName, string>>,
): ReadItem {
  const figures: MetricFigures = {};
  for (const [name, field] of Object.entries(fields) as [MetricName, string][]) {
    const value = count(item[field]);
    if (value !== undefined) {
      figures[name] = value;
    }
  }
  return { raw: item, figures };
}
