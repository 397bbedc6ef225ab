import { Inject, Injectable, type OnApplicationShutdown, type OnModuleInit } from '@nestjs/common';
import type { Logger } from 'pino';
import { APP_LOGGER } from '../../config/config.module';
import { RequestsService } from './requests.service';

const SWEEP_INTERVAL_MS = 60 * 60_000;

/** Applies the request log's retention once an hour, in batches. */
@Injectable()
export class RequestsSweeper implements OnModuleInit, OnApplicationShutdown {
  private timer?: NodeJS.Timeout;

  constructor(
    private readonly requests: RequestsService,
    @Inject(APP_LOGGER) private readonly logger: Logger,
  ) {}

  onModuleInit(): void {
    this.timer = setInterval(() => void this.sweep(), SWEEP_INTERVAL_MS);
    this.timer.unref();
  }

  async sweep(): Promise<void> {
    try {
      const deleted = await this.requests.sweepExpired();
      if (deleted > 0) {
        this.logger.info({ deleted }, 'request log entries past retention deleted');
      }
    } catch (error) {
      this.logger.warn({ err: error }, 'request log sweep failed');
    }
  }

  onApplicationShutdown(): void {
    clearInterval(this.timer);
  }
}
