import {
  type BeforeApplicationShutdown,
  Inject,
  Injectable,
  type OnModuleInit,
} from '@nestjs/common';
import type { Logger } from 'pino';
import { APP_LOGGER } from '../../config/config.module';
import { type NewApiRequest, RequestsRepository } from './requests.repository';

const FLUSH_INTERVAL_MS = 1_000;
const BATCH_SIZE = 500;
const MAX_BUFFERED = 20_000;

/**
 * Keeps the request log off the hot path: entries are buffered in memory and written in one
 * INSERT per batch, every second or as soon as a batch is full, and at shutdown. If the
 * database falls behind, the oldest unwritten entries are dropped (and counted), never the app.
 */
@Injectable()
export class RequestLogWriter implements OnModuleInit, BeforeApplicationShutdown {
  private buffer: NewApiRequest[] = [];
  private flushing: Promise<void> = Promise.resolve();
  private timer?: NodeJS.Timeout;
  dropped = 0;

  constructor(
    private readonly requests: RequestsRepository,
    @Inject(APP_LOGGER) private readonly logger: Logger,
  ) {}

  onModuleInit(): void {
    this.timer = setInterval(() => void this.flush(), FLUSH_INTERVAL_MS);
    this.timer.unref();
  }

  record(entry: NewApiRequest): void {
    if (this.buffer.length >= MAX_BUFFERED) {
      this.buffer.shift();
      this.dropped++;
    }
    this.buffer.push(entry);
    if (this.buffer.length === BATCH_SIZE) {
      void this.flush();
    }
  }

  /** Writes everything buffered so far; resolves once it is in the database. */
  flush(): Promise<void> {
    this.flushing = this.flushing.then(() => this.writeAll());
    return this.flushing;
  }

  private async writeAll(): Promise<void> {
    while (this.buffer.length > 0) {
      const batch = this.buffer.splice(0, BATCH_SIZE);
      try {
        await this.requests.insertMany(batch);
      } catch (error) {
        this.dropped += batch.length;
        this.logger.warn({ err: error, lost: batch.length }, 'could not write the request log');
        return;
      }
    }
  }

  async beforeApplicationShutdown(): Promise<void> {
    clearInterval(this.timer);
    await this.flush();
  }
}
