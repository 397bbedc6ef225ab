import { Module } from '@nestjs/common';
import type { Logger } from 'pino';
import { APP_LOGGER } from '../../config/config.module';
import { SokuConfig } from '../../config/soku-config';
import { RedisConnection } from '../../infra/redis/redis-connection';
import { MemoryRateLimitStore } from './memory-rate-limit.store';
import { RateLimitClock } from './rate-limit.clock';
import { RateLimitMetrics } from './rate-limit.metrics';
import { RateLimitStore } from './rate-limit.store';
import { RedisRateLimitStore } from './redis-rate-limit.store';

/** The bucket store, chosen once from the config: Redis when REDIS_URL is set, else memory. */
@Module({
  providers: [
    RateLimitClock,
    RateLimitMetrics,
    {
      provide: RateLimitStore,
      inject: [RedisConnection, RateLimitClock, RateLimitMetrics, SokuConfig, APP_LOGGER],
      useFactory: (
        redis: RedisConnection,
        clock: RateLimitClock,
        metrics: RateLimitMetrics,
        config: SokuConfig,
        logger: Logger,
      ): RateLimitStore => {
        const memory = new MemoryRateLimitStore(clock);
        return redis.client
          ? new RedisRateLimitStore(
              redis.client,
              memory,
              clock,
              metrics,
              logger,
              config.limits.rateLimit.redisTimeoutMs,
            )
          : memory;
      },
    },
  ],
  exports: [RateLimitStore, RateLimitClock, RateLimitMetrics],
})
export class RateLimitStoreModule {}
