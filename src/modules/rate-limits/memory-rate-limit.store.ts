import type { OnApplicationShutdown } from '@nestjs/common';
import type { RateLimitClock } from './rate-limit.clock';
import type { BucketSpec } from './rate-limit.policies';
import { RateLimitStore } from './rate-limit.store';
import { type TakenToken, takeToken } from './token-bucket';

const SWEEP_INTERVAL_MS = 60_000;
const MAX_BUCKETS = 200_000;

/**
 * Buckets in a Map: one number per key, no timer per request. Full buckets (tat in the past)
 * carry no information and are swept once a minute; past MAX_BUCKETS the oldest go first.
 */
export class MemoryRateLimitStore extends RateLimitStore implements OnApplicationShutdown {
  private readonly buckets = new Map<string, number>();
  private readonly sweeper: NodeJS.Timeout;

  constructor(private readonly clock: RateLimitClock) {
    super();
    this.sweeper = setInterval(() => this.sweep(), SWEEP_INTERVAL_MS);
    this.sweeper.unref();
  }

  take(key: string, spec: BucketSpec): Promise<TakenToken> {
    return Promise.resolve(this.takeNow(key, spec, this.clock.now()));
  }

  takeNow(key: string, spec: BucketSpec, now: number): TakenToken {
    const { decision, tat } = takeToken(this.buckets.get(key), now, spec);
    if (decision.allowed && tat !== undefined) {
      // Re-inserting keeps the Map in least-recently-used order for eviction.
      this.buckets.delete(key);
      if (this.buckets.size >= MAX_BUCKETS) {
        this.evictOldest();
      }
      this.buckets.set(key, tat);
    }
    return { ...decision, now };
  }

  get size(): number {
    return this.buckets.size;
  }

  sweep(now = this.clock.now()): void {
    for (const [key, tat] of this.buckets) {
      if (tat <= now) {
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
