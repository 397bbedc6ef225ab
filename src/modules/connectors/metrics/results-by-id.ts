import { PublishError } from '../platform-connector';
import type { MetricFigures, MetricsReadRequest, PostMetricsResult } from './post-metrics-reader';

/** One platform item as read: its own fields as the platform sent them, and the figures. */
export interface ReadItem {
  raw: Record<string, unknown>;
  figures: MetricFigures;
}

/** The read's token; a read without one is an auth failure, for the collector to retry later. */
export function requireToken(request: MetricsReadRequest): string {
  if (!request.accessToken) {
    throw new PublishError('auth', 'token_missing', 'The account has no access token');
  }
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
