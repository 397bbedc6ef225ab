import { type BeforeApplicationShutdown, Inject, Injectable } from '@nestjs/common';
import type { Logger } from 'pino';
import { settlesWithin } from '../../common/async/with-timeout';
import { APP_LOGGER } from '../../config/config.module';
import { SokuConfig } from '../../config/soku-config';
import { JobQueue } from './job-queue';

/**
 * The worker role's periodic passes (`SOKU_ROLE=worker` or `all`), which their owners register at
 * bootstrap (publishing: reconciler and heartbeat; webhooks: outbox relay), and the drain of
 * those passes and this process's queue consumers before the database closes.
 */
@Injectable()
export class WorkerScheduler implements BeforeApplicationShutdown {
  private readonly timers = new Set<NodeJS.Timeout>();
  private readonly passes = new Set<Promise<unknown>>();
  private stopped = false;

  constructor(
    private readonly queue: JobQueue,
    private readonly config: SokuConfig,
    @Inject(APP_LOGGER) private readonly logger: Logger,
  ) {}

  /** Runs `pass` now and again `interval` after each one ends, until shutdown; not in role api. */
  repeat(name: string, pass: () => Promise<unknown>, interval: () => number): void {
    if (this.config.app.role === 'api' || this.stopped) {
      return;
    }
    const running = pass()
      .catch((error: unknown) => this.logger.error({ err: error }, `${name} pass failed`))
      .finally(() => {
        this.passes.delete(running);
        if (this.stopped) {
          return;
        }
        const timer = setTimeout(() => {
          this.timers.delete(timer);
          this.repeat(name, pass, interval);
        }, interval());
        timer.unref();
        this.timers.add(timer);
      });
    this.passes.add(running);
  }

  /**
   * The drain, before the database closes: no new pass or job; in-flight passes and jobs get
   * SOKU_WORKER_DRAIN_TIMEOUT_MS to finish. A job still running then dies with the process and
   * its run is recovered by another worker once its lease lapses (checked with the platform
   * first, never blindly re-sent).
   */
  async beforeApplicationShutdown(): Promise<void> {
    this.stopped = true;
    this.timers.forEach((timer) => clearTimeout(timer));
    const { drainTimeoutMs } = this.config.orchestration;
    const drained = await settlesWithin(
      Promise.all([...this.passes, this.queue.close()]),
      drainTimeoutMs,
    );
    if (drained) {
      this.logger.info('worker drained: every active job finished');
    } else {
      const depths = await this.queue.depths().catch(() => undefined);
      this.logger.warn(
        { drainTimeoutMs, active: depths?.publish.active },
        'worker drain timed out: jobs still running are left to lease recovery',
      );
    }
  }
}
