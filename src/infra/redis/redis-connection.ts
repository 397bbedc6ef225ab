import { Injectable, type OnApplicationShutdown } from '@nestjs/common';
import Redis from 'ioredis';
import { SokuConfig } from '../../config/soku-config';

/**
 * The shared Redis client in scaled mode; `client` is undefined in embedded mode. Commands fail
 * fast instead of queueing while Redis is down, and time out while it is connected but stalled
 * (paused, frozen, overloaded), so callers can degrade rather than hang.
 */
@Injectable()
export class RedisConnection implements OnApplicationShutdown {
  readonly client?: Redis;

  constructor(config: SokuConfig) {
    if (config.redis.url) {
      this.client = new Redis(config.redis.url, {
        lazyConnect: false,
        enableOfflineQueue: false,
        maxRetriesPerRequest: 1,
        connectTimeout: 2000,
        commandTimeout: config.redis.commandTimeoutMs,
        retryStrategy: (attempt) => Math.min(attempt * 200, 2000),
      });
      // Connection errors are reported by the callers that need Redis; never crash the process.
      this.client.on('error', () => undefined);
    }
  }

  async onApplicationShutdown(): Promise<void> {
    await this.client?.quit().catch(() => this.client?.disconnect());
  }
}
