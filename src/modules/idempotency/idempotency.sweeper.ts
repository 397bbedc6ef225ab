import { Inject, Injectable, type OnApplicationShutdown, type OnModuleInit } from '@nestjs/common';
import type { Logger } from 'pino';
import { APP_LOGGER } from '../../config/config.module';
import { IdempotencyService } from './idempotency.service';

const SWEEP_INTERVAL_MS = 5 * 60_000;

/** Deletes expired idempotency keys every few minutes, in batches. */
@Injectable()
export class IdempotencySweeper implements OnModuleInit, OnApplicationShutdown {
  private timer?: NodeJS.Timeout;

  constructor(
    private readonly idempotency: IdempotencyService,
    @Inject(APP_LOGGER) private readonly logger: Logger,
  ) {}

  onModuleInit(): void {
    this.timer = setInterval(() => void this.sweep(), SWEEP_INTERVAL_MS);
    this.timer.unref();
  }

  async sweep(): Promise<void> {
    try {
      const deleted = await this.idempotency.sweepExpired();
      if (deleted > 0) {
        this.logger.info({ deleted }, 'expired idempotency keys deleted');
      }
    } catch (error) {
      this.logger.warn({ err: error }, 'idempotency key sweep failed');
    }
  }

  onApplicationShutdown(): void {
    clearInterval(this.timer);
  }
}
