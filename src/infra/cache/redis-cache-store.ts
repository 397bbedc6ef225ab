import type Redis from 'ioredis';
import type { Logger } from 'pino';
import { CacheStore } from './cache-store';

const PREFIX = 'soku:cache:';

/**
 * Redis-backed cache. A read that fails (Redis down) is a miss, so callers fall back to the
 * database; a failed delete is an error, because a stale entry could keep a revoked key alive.
 */
export class RedisCacheStore extends CacheStore {
  constructor(
    private readonly redis: Redis,
    private readonly logger: Logger,
  ) {
    super();
  }

  async get(key: string): Promise<string | undefined> {
    try {
      return (await this.redis.get(PREFIX + key)) ?? undefined;
    } catch (error) {
      this.logger.warn({ err: error }, 'cache read failed; falling back to the database');
      return undefined;
    }
  }

  async set(key: string, value: string, ttlSeconds: number): Promise<void> {
    try {
      await this.redis.set(PREFIX + key, value, 'EX', ttlSeconds);
    } catch (error) {
      this.logger.warn({ err: error }, 'cache write failed');
    }
  }

  async delete(...keys: string[]): Promise<void> {
    if (keys.length > 0) {
      await this.redis.del(...keys.map((key) => PREFIX + key));
    }
  }
}
