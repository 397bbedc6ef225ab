import type Redis from 'ioredis';
import type { Logger } from 'pino';
import { CacheStore } from './cache-store';

const PREFIX = 'soku:cache:';
/**
 * After a failed read or write, Redis is not asked again for this long: while it is stalled a
 * request would otherwise pay the command timeout once per cache call.
 */
const RETRY_AFTER_FAILURE_MS = 1_000;

/**
 * Redis-backed cache. A read that fails (Redis down, or slower than the client's command timeout)
 * is a miss, so callers fall back to the database; a failed delete is an error, because a stale
 * entry could keep a revoked key alive.
 */
export class RedisCacheStore extends CacheStore {
  private skipUntil = 0;

  constructor(
    private readonly redis: Redis,
    private readonly logger: Logger,
  ) {
    super();
  }

  async get(key: string): Promise<string | undefined> {
    if (this.skipping()) {
      return undefined;
    }
    try {
      return (await this.redis.get(PREFIX + key)) ?? undefined;
    } catch (error) {
      this.failed(error, 'cache read failed; falling back to the database');
      return undefined;
    }
  }

  async set(key: string, value: string, ttlSeconds: number): Promise<void> {
    if (this.skipping()) {
      return;
    }
    try {
      await this.redis.set(PREFIX + key, value, 'EX', ttlSeconds);
    } catch (error) {
      this.failed(error, 'cache write failed');
    }
  }

  async delete(...keys: string[]): Promise<void> {
    if (keys.length > 0) {
      await this.redis.del(...keys.map((key) => PREFIX + key));
    }
  }

  private skipping(): boolean {
    return performance.now() < this.skipUntil;
  }

  private failed(error: unknown, message: string): void {
    this.skipUntil = performance.now() + RETRY_AFTER_FAILURE_MS;
    this.logger.warn({ err: error }, message);
  }
}
