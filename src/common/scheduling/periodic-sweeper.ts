import type { OnApplicationShutdown, OnModuleInit } from '@nestjs/common';
import type { Logger } from 'pino';

/**
 * Deletes what has expired on a timer (unref'd, so it never holds the process open); every
 * instance may run it, so `sweepOnce` must tolerate concurrent sweepers. A failed sweep is
 * logged and retried on the next tick.
 */
export abstract class PeriodicSweeper implements OnModuleInit, OnApplicationShutdown {
  private timer?: NodeJS.Timeout;

  protected constructor(
    protected readonly logger: Logger,
    private readonly intervalMs: number,
    /** What is deleted, for the log lines. */
    private readonly what: string,
  ) {}

  /** Deletes everything expired; returns how many. */
  protected abstract sweepOnce(): Promise<number>;

  onModuleInit(): void {
    this.timer = setInterval(() => void this.sweep(), this.intervalMs);
    this.timer.unref();
  }

  async sweep(): Promise<void> {
    try {
      const deleted = await this.sweepOnce();
      if (deleted > 0) {
        this.logger.info({ deleted }, `${this.what} deleted`);
      }
    } catch (error) {
      this.logger.warn({ err: error }, `could not delete ${this.what}`);
    }
  }

  onApplicationShutdown(): void {
    clearInterval(this.timer);
  }
}

/** Calls `deleteBatch` until it deletes fewer than `batch` rows; returns the total. */
export async function deleteInBatches(
  batch: number,
  deleteBatch: (batch: number) => Promise<number>,
): Promise<number> {
  let total = 0;
  for (;;) {
    const deleted = await deleteBatch(batch);
    total += deleted;
    if (deleted < batch) {
      return total;
    }
  }
}
