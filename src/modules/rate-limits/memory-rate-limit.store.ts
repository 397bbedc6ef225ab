import type { OnApplicationShutdown } from '@nestjs/common';
import type { RateLimitClock } from './rate-limit.clock';
import type { BucketSpec } from './rate-limit.policies';
import { RateLimitStore } from './rate-limit.store';
import { type BucketState, type TakenToken, takeToken } from './token-bucket';

const SWEEP_INTERVAL_MS = 60_000;
const MAX_BUCKETS = 200_000;

/**
 * Buckets in a Map, no timer per request. Buckets that are full again (tat and window in the
 * past) carry no information and are swept once a minute; past MAX_BUCKETS the least recently
 * used go first.
 */
export class MemoryRateLimitStore extends RateLimitStore implements OnApplicationShutdown {
  private readonly buckets = new Map<string, BucketState & { windowMs: number }>();
  private readonly sweeper: NodeJS.Timeout;

  constructor(private readonly clock: RateLimitClock) {
    super();
    this.sweeper = setInterval(() => this.sweep(), SWEEP_INTERVAL_MS);
    this.sweeper.unref();
  }

  take(key: string, spec: BucketSpec, cost = 1): Promise<TakenToken> {
    return Promise.resolve(this.takeNow(key, spec, this.clock.now(), cost));
  }

  takeNow(key: string, spec: BucketSpec, now: number, cost = 1): TakenToken {
    const { decision, state } = takeToken(this.buckets.get(key) ?? { log: [] }, now, spec, cost);
    // Re-inserting keeps the Map in least-recently-used order for eviction.
    this.buckets.delete(key);
    if (this.buckets.size >= MAX_BUCKETS) {
      this.evictOldest();
    }
    this.buckets.set(key, { ...state, windowMs: spec.windowMs });
    return { ...decision, now };
  }

  get size(): number {
    return this.buckets.size;
  }

  sweep(now = this.clock.now()): void {
    for (const [key, bucket] of this.buckets) {
      const newest = bucket.log.at(-1) ?? -Infinity;
      if ((bucket.tat ?? -Infinity) <= now && newest <= now - bucket.windowMs) {
        this.buckets.delete(key);
      }
    }
  }

  private evictOldest(): void {
    const oldest = this.buckets.keys().next().value;
    if (oldest !== undefined) {
      this.buckets.delete(oldest);
    }
  }

  onApplicationShutdown(): void {
    clearInterval(this.sweeper);
  }
}
