import type { Platform } from '../../../common/platforms';

/** The figures every platform's answer is normalised to, where the platform reports them. */
export const METRIC_NAMES = [
  'impressions',
  'views',
  'likes',
  'comments',
  'shares',
  'saves',
  'clicks',
] as const;
export type MetricName = (typeof METRIC_NAMES)[number];
export type MetricFigures = Partial<Record<MetricName, number>>;

/** One published post to read: the run that made it and the platform's id of it. */
export interface PublishedPost {
  runId: string;
  platformPostId: string;
  publishedAt: Date;
}

/** One read for one account: the posts all belong to it, at most the reader's `batchSize`. */
export interface MetricsReadRequest {
  platform: Platform;
  accountId: string;
  accessToken: string | null;
  metadata: Record<string, unknown>;
  posts: PublishedPost[];
}

/**
 * A post's figures as read (`raw`: the platform's own fields, as it sent them), or why the
 * platform gave none for it: the token lacks the insights scope, the post is gone… Never a failure
 * of the post.
 */
export type PostMetricsResult =
  | { runId: string; status: 'read'; figures: MetricFigures; raw: Record<string, unknown> }
  | { runId: string; status: 'unavailable'; code: string; reason: string };

/**
 * One platform's metrics API, its own port beside PlatformConnector. `read` answers one result
 * per post asked. A refusal of the whole read that is worth another try later throws a
 * PublishError: `deferred` with `retryAfterMs` for a rate limit, `retryable` for a 5xx or no
 * answer, `auth` for a rejected token.
 */
export abstract class PostMetricsReader {
  abstract readonly platform: Platform | 'sandbox';
  /** The most posts one platform call takes (X 100 ids, YouTube 50); 1 where it takes one. */
  abstract readonly batchSize: number;
  abstract read(request: MetricsReadRequest): Promise<PostMetricsResult[]>;
}

/** Every post of the read unavailable for the same reason (a missing scope, a gone account). */
export function allUnavailable(
  request: MetricsReadRequest,
  code: string,
  reason: string,
): PostMetricsResult[] {
  return request.posts.map((post) => ({ runId: post.runId, status: 'unavailable', code, reason }));
}

/** A count the platform sent as a number or a numeric string (Google sends strings). */
export function count(value: unknown): number | undefined {
  const parsed = typeof value === 'string' && value !== '' ? Number(value) : value;
  return typeof parsed === 'number' && Number.isFinite(parsed) ? parsed : undefined;
}

/** The figures without the names the platform did not report. */
export function reported(figures: Record<MetricName, number | undefined>): MetricFigures {
  return Object.fromEntries(Object.entries(figures).filter(([, value]) => value !== undefined));
}

/** The sum of the counts the platform reported (reposts + quotes…), undefined when none. */
export function sumOf(...values: (number | undefined)[]): number | undefined {
  const known = values.filter((value): value is number => value !== undefined);
  return known.length > 0 ? known.reduce((a, b) => a + b, 0) : undefined;
}
