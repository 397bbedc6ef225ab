import type { ThrottlerStorage } from '@nestjs/throttler';
import type { BucketSpec } from './rate-limit.policies';
import type { TakenToken } from './token-bucket';

type ThrottlerStorageRecord = Awaited<ReturnType<ThrottlerStorage['increment']>>;

/**
 * Where the buckets live: in memory (embedded mode) or in Redis (scaled mode, one budget for
 * every instance). Both run `takeToken`. It is also the @nestjs/throttler storage: `increment`
 * allows `limit` requests per `ttl`, one token back every `ttl / limit`.
 */
export abstract class RateLimitStore implements ThrottlerStorage {
  /** Takes `cost` tokens (one unless told) from the bucket `key`, or none. Never throws. */
  abstract take(key: string, spec: BucketSpec, cost?: number): Promise<TakenToken>;

  async increment(key: string, ttl: number, limit: number): Promise<ThrottlerStorageRecord> {
    const decision = await this.take(key, {
      capacity: limit,
      emissionMs: Math.max(1, Math.round(ttl / limit)),
      windowMs: ttl,
    });
    return {
      totalHits: decision.allowed ? limit - decision.remaining : limit + 1,
      timeToExpire: Math.ceil(decision.resetMs / 1000),
      isBlocked: !decision.allowed,
      timeToBlockExpire: Math.ceil(decision.retryAfterMs / 1000),
    };
  }
}
