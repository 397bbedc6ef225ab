/**
 * Every rate limit Soku applies, in one place.
 *
 * Each limit is a token bucket that holds `limit + burst` tokens, refilled at `limit` per minute
 * (one every 60 000 / limit ms), capped by a sliding one-minute window of `limit + burst`
 * requests. So: at most `limit + burst` requests in any minute, `limit` per minute sustained.
 * (The bucket alone would let `limit + burst` through at once plus what refills in that same
 * minute; see token-bucket.ts.)
 */
export const WINDOW_MS = 60_000;

export interface RatePolicy {
  /** Sustained requests per minute. */
  limit: number;
  /** Extra requests a full bucket allows at once. */
  burst: number;
}

/** Global tiers, on every request. */
export const TIERS = {
  /** Unauthenticated (no valid credentials), per client IP. */
  default: { limit: 25, burst: 10 },
  /** A valid API key without an allowed subscription, or an ID token; per user. */
  authenticated: { limit: 60, burst: 30 },
  /** A valid API key with an allowed subscription; per user. */
  premium: { limit: 100, burst: 100 },
  /** Admin users, and the IPs and user ids listed in the configuration. */
  admin: { limit: 200, burst: 500 },
} as const satisfies Record<string, RatePolicy>;

export type Tier = keyof typeof TIERS;

/** Endpoint limits, per user, on top of the tier. Put `@RateLimited(name)` on the handler. */
export const ENDPOINT_LIMITS = {
  'posts.create': { route: 'POST /v1/posts', limit: 30, burst: 0 },
  'media.create': { route: 'POST /v1/media', limit: 30, burst: 0 },
  'media.createUpload': { route: 'POST /v1/media/uploads', limit: 30, burst: 0 },
  'ai.transcribe': { route: 'POST /v1/ai/transcribe', limit: 10, burst: 0 },
  'templates.render': { route: 'POST /v1/templates', limit: 20, burst: 0 },
  'media.renderOg': { route: 'POST /v1/media/render-og', limit: 20, burst: 0 },
  // Counted in rows: each row of a bulk import costs one token, as a POST /v1/posts would.
  'posts.bulk': { route: 'POST /v1/posts/bulk', limit: 1000, burst: 0, unit: 'rows' },
} as const satisfies Record<string, RatePolicy & { route: string; unit?: string }>;

export type RateLimitedEndpoint = keyof typeof ENDPOINT_LIMITS;

/** A token bucket in the store's integer terms. */
export interface BucketSpec {
  capacity: number;
  /** Milliseconds per token. Whole, so the memory and Redis stores compute exactly alike. */
  emissionMs: number;
  /** At most `capacity` requests in any window this long. */
  windowMs: number;
}

export function bucketOf(policy: RatePolicy): BucketSpec {
  return {
    capacity: policy.limit + policy.burst,
    emissionMs: Math.max(1, Math.round(WINDOW_MS / policy.limit)),
    windowMs: WINDOW_MS,
  };
}
