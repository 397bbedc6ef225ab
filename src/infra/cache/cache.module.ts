import type { Logger } from 'pino';
import { Global, Module } from '@nestjs/common';
import { APP_LOGGER } from '../../config/config.module';
import { RedisConnection } from '../redis/redis-connection';
import { CacheStore } from './cache-store';
import { MemoryCacheStore } from './memory-cache-store';
import { RedisCacheStore } from './redis-cache-store';

@Global()
@Module({
  providers: [
    {
      provide: CacheStore,
      inject: [RedisConnection, APP_LOGGER],
      useFactory: (redis: RedisConnection, logger: Logger): CacheStore =>
        redis.client ? new RedisCacheStore(redis.client, logger) : new MemoryCacheStore(),
    },
  ],
  exports: [CacheStore],
})
export class CacheModule {}
