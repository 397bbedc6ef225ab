import type { Logger } from 'pino';
import { Inject, Injectable, type OnApplicationShutdown, type OnModuleInit } from '@nestjs/common';
import { APP_LOGGER } from '../../config/config.module';
import { ApiKeysRepository } from './api-keys.repository';

const FLUSH_INTERVAL_MS = 60_000;

/**
 * Tracks `lastUsedAt` without a write per request: used key ids are collected in memory and
 * written in one UPDATE a minute (and at shutdown).
 */
@Injectable()
export class ApiKeyUsageRecorder implements OnModuleInit, OnApplicationShutdown {
  private used = new Set<string>();
  private timer?: NodeJS.Timeout;

  constructor(
    private readonly keys: ApiKeysRepository,
    @Inject(APP_LOGGER) private readonly logger: Logger,
  ) {}

  onModuleInit(): void {
    this.timer = setInterval(() => void this.flush(), FLUSH_INTERVAL_MS);
    this.timer.unref();
  }

  record(apiKeyId: string): void {
    this.used.add(apiKeyId);
  }

  async flush(): Promise<void> {
    if (this.used.size === 0) {
      return;
    }
    const ids = [...this.used];
    this.used = new Set();
    try {
      await this.keys.touch(ids);
    } catch (error) {
      this.logger.warn({ err: error }, 'could not record API key usage');
    }
  }

  async onApplicationShutdown(): Promise<void> {
    clearInterval(this.timer);
    await this.flush();
  }
}
