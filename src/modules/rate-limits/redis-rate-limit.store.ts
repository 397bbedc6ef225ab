import type Redis from 'ioredis';
import { withTimeout } from '../../common/async/with-timeout';
import type { Logger } from 'pino';
import type { MemoryRateLimitStore } from './memory-rate-limit.store';
import type { RateLimitClock } from './rate-limit.clock';
import type { RateLimitMetrics } from './rate-limit.metrics';
import type { BucketSpec } from './rate-limit.policies';
import { RateLimitStore } from './rate-limit.store';
import { TAKE_TOKEN_LUA, type TakenToken } from './token-bucket';

const PREFIX = 'soku:rl:';
/** After a failure, Redis is not asked again for this long (no timeout paid per request). */
const RETRY_AFTER_FAILURE_MS = 1_000;
/** At most one warning per this interval while Redis keeps failing. */
const WARN_INTERVAL_MS = 10_000;

type TakeTokenCommand = (
  tatKey: string,
  windowKey: string,
  now: number,
  emission: number,
  capacity: number,
  window: number,
  cost: number,
) => Promise<number[]>;

/**
 * Buckets in Redis, shared by every instance: one atomic Lua script per request (read, decide,
 * write). When Redis is down or slower than the timeout the limiter fails open: the request is
 * decided by this instance's in-memory buckets instead (so headers stay meaningful and one
 * instance is still protected), a warning is logged and a counter incremented. Never a 500,
 * never a hanging request.
 */
export class RedisRateLimitStore extends RateLimitStore {
  private readonly command: TakeTokenCommand;
  private skipUntil = 0;
  private lastWarning = -Infinity;
  private failuresSinceWarning = 0;

  constructor(
    private readonly redis: Redis,
    private readonly fallback: MemoryRateLimitStore,
    private readonly clock: RateLimitClock,
    private readonly metrics: RateLimitMetrics,
    private readonly logger: Logger,
    private readonly timeoutMs: number,
  ) {
    super();
    redis.defineCommand('sokuTakeToken', { numberOfKeys: 2, lua: TAKE_TOKEN_LUA });
    const commands = redis as unknown as { sokuTakeToken: TakeTokenCommand };
    this.command = commands.sokuTakeToken.bind(redis);
  }

  async take(key: string, spec: BucketSpec, cost = 1): Promise<TakenToken> {
    const now = this.clock.now();
    if (this.redis.status !== 'ready' || performance.now() < this.skipUntil) {
      return this.failOpen(key, spec, now, cost, new Error(`Redis is ${this.redis.status}`));
    }
    try {
      const [allowed, remaining, resetMs, retryAfterMs] = await withTimeout(
        // Hash-tagged, so both keys of a bucket land on one Redis Cluster slot.
        this.command(
          `${PREFIX}{${key}}:t`,
          `${PREFIX}{${key}}:w`,
          now,
          spec.emissionMs,
          spec.capacity,
          spec.windowMs,
          cost,
        ),
        this.timeoutMs,
        () => new Error(`Redis did not answer within ${this.timeoutMs} ms`),
      );
      return { allowed: allowed === 1, remaining, resetMs, retryAfterMs, now };
    } catch (error) {
      this.skipUntil = performance.now() + RETRY_AFTER_FAILURE_MS;
      return this.failOpen(key, spec, now, cost, error);
    }
  }

  private failOpen(
    key: string,
    spec: BucketSpec,
    now: number,
    cost: number,
    error: unknown,
  ): TakenToken {
    this.metrics.storeFailOpenTotal++;
    this.failuresSinceWarning++;
    const wallClock = performance.now();
    if (wallClock - this.lastWarning >= WARN_INTERVAL_MS) {
      this.logger.warn(
        { err: error, failures: this.failuresSinceWarning },
        'rate limiter: Redis unavailable, failing open to per-instance in-memory limits',
      );
      this.lastWarning = wallClock;
      this.failuresSinceWarning = 0;
    }
    return this.fallback.takeNow(key, spec, now, cost);
  }
}
