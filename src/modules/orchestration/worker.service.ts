import {
  type BeforeApplicationShutdown,
  Inject,
  Injectable,
  type OnApplicationBootstrap,
} from '@nestjs/common';
import type { Logger } from 'pino';
import { APP_LOGGER } from '../../config/config.module';
import { SokuConfig } from '../../config/soku-config';
import { Orchestrator } from './orchestrator.service';
import { Publisher } from './publisher.service';
import { JobQueue } from './queue/job-queue';
import { Reconciler } from './reconciler.service';

/**
 * The worker role (`SOKU_ROLE=worker` or `all`): consumes the queues and runs the reconciler,
 * once at start-up (rebuilding whatever the queue lost while nothing ran) and then periodically.
 */
@Injectable()
export class WorkerService implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private timer?: NodeJS.Timeout;
  private pass?: Promise<unknown>;
  private stopped = false;

  constructor(
    private readonly queue: JobQueue,
    private readonly orchestrator: Orchestrator,
    private readonly publisher: Publisher,
    private readonly reconciler: Reconciler,
    private readonly config: SokuConfig,
    @Inject(APP_LOGGER) private readonly logger: Logger,
  ) {}

  onApplicationBootstrap(): void {
    if (this.config.app.role === 'api') {
      return;
    }
    this.queue.consume('orchestrate', 10, (job) => this.orchestrator.orchestrate(job.submissionId));
    this.queue.consume('publish', this.config.orchestration.publishConcurrency, (job) =>
      this.publisher.publish(job.runId),
    );
    this.runReconciler();
  }

  /** Before the database closes: no new reconciler pass, and in-flight jobs finish. */
  async beforeApplicationShutdown(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    await this.pass;
    await this.queue.close();
  }

  private runReconciler(): void {
    this.pass = this.reconciler
      .reconcile()
      .catch((error: unknown) => this.logger.error({ err: error }, 'reconciler pass failed'))
      .finally(() => {
        if (this.stopped) {
          return;
        }
        this.timer = setTimeout(
          () => this.runReconciler(),
          this.config.orchestration.reconcileIntervalMs,
        );
        this.timer.unref();
      });
  }
}
