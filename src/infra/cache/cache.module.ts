import type { Logger } from 'pino';
import { Global, Inject, Module, type OnApplicationShutdown } from '@nestjs/common';
import { APP_LOGGER } from '../../config/config.module';
import { RedisConnection } from '../redis/redis-connection';
import { CacheStore } from './cache-store';
import { MemoryCacheStore } from './memory-cache-store';
import { NearCacheStore } from './near-cache-store';
import { RedisCacheStore } from './redis-cache-store';

@Global()
@Module({
  providers: [
    {
      provide: CacheStore,
      inject: [RedisConnection, APP_LOGGER],
      useFactory: (redis: RedisConnection, logger: Logger): CacheStore => {
        if (!redis.client) {
          return new MemoryCacheStore();
        }
        const subscriber = redis.client.duplicate();
        return new NearCacheStore(
          new RedisCacheStore(redis.client, logger),
          redis.client,
          subscriber,
          logger,
        );
      },
    },
  ],
  exports: [CacheStore],
})
export class CacheModule implements OnApplicationShutdown {
  constructor(@Inject(CacheStore) private readonly cache: CacheStore) {}

  async onApplicationShutdown(): Promise<void> {
    if (this.cache instanceof NearCacheStore) {
      await this.cache.close();
    }
  }
}
