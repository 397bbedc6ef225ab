import type { Readable } from 'node:stream';
import type { Platform } from '../../common/platforms';
import type { PostContent } from './post-content';

/**
 * One media item of the post, already imported into Soku's storage (remote URLs are imported
 * once per submission, before any run publishes), in post order: `videoUrl`, `imageUrls`,
 * `mediaUrls`, then `mediaIds`.
 */
export interface PublishMedia {
  /** Soku's media id of the stored copy. */
  id: string;
  kind: 'image' | 'video' | 'audio';
  mimeType: string;
  size: number;
  width: number | null;
  height: number | null;
  durationSeconds: number | null;
  /** Public URL of the stored copy, for platforms that pull (Meta, TikTok PULL_FROM_URL). */
  url: string;
  /** The bytes, for platforms that must be pushed (X chunked upload, YouTube resumable). */
  open(): Promise<Readable>;
}

/** Everything a connector needs to publish one run. */
export interface PublishRequest {
  runId: string;
  platform: Platform;
  accountId: string;
  /** 1 on the first try. */
  attempt: number;
  content: PostContent;
  mediaType: 'text' | 'image' | 'video';
  media: PublishMedia[];
  accessToken: string | null;
  metadata: Record<string, unknown>;
  /** What an earlier attempt of this run saved with `saveState` (empty at first). */
  state: Record<string, unknown>;
  /**
   * Persists progress before the irreversible step (an uploaded media id, a container id), so a
   * retry or a recovery after a crash resumes from it instead of creating a second one.
   */
  saveState(state: Record<string, unknown>): Promise<void>;
  /**
   * Aborted when the call has run out of time (well before the run's lease lapses and another
   * worker could take the run over); pass it to every HTTP call the connector makes.
   */
  signal: AbortSignal;
}

export interface PublishResult {
  platformPostId: string;
  url: string | null;
}

/**
 * One platform's publishing API. `publish` performs the irreversible call; `findPublished` looks
 * on the platform for a post this run already made (after a crash or a timeout), so a run is
 * never sent twice blindly. A connector that cannot look returns undefined and the run fails
 * with `outcome_unknown`.
 */
export interface PlatformConnector {
  readonly platform: Platform | 'sandbox';
  publish(request: PublishRequest): Promise<PublishResult>;
  findPublished(request: PublishRequest): Promise<PublishResult | null | undefined>;
}

/**
 * retryable: try again after a backoff (5xx, 429 without a window). auth: refresh the token once.
 * deferred: not a failure — a quota window or the platform still processing; come back after
 * `retryAfterMs` without spending an attempt. permanent: fail now (validation, duplicate).
 */
export type PublishFailureKind = 'retryable' | 'auth' | 'deferred' | 'permanent';

/** A connector's classified failure: what the state machine does next depends on `kind`. */
export class PublishError extends Error {
  constructor(
    readonly kind: PublishFailureKind,
    readonly code: string,
    message: string,
    /** From the platform's Retry-After or rate-limit reset, when it gave one. */
    readonly retryAfterMs?: number,
  ) {
    super(message);
    this.name = 'PublishError';
  }
}

/** Every platform call needs the account's token: without one the account must connect again. */
export function requireAccessToken<T extends { accessToken: string | null }>(
  request: T,
): asserts request is T & { accessToken: string } {
  if (!request.accessToken) {
    throw new PublishError('auth', 'token_missing', 'The account has no access token');
  }
}
