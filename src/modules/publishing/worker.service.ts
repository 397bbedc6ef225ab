import {
  type BeforeApplicationShutdown,
  Inject,
  Injectable,
  type OnApplicationBootstrap,
} from '@nestjs/common';
import type { Logger } from 'pino';
import { settlesWithin, withTimeout } from '../../common/async/with-timeout';
import { APP_LOGGER } from '../../config/config.module';
import { SokuConfig } from '../../config/soku-config';
import { Orchestrator } from './orchestrator.service';
import { Publisher } from './publisher.service';
import { WorkerHeartbeat } from './heartbeat/worker-heartbeat';
import { JobQueue } from './queue/job-queue';
import { heartbeatJobId } from './queue/queues';
import { Reconciler } from './reconciler.service';
import { AutomationRunner } from '../webhooks/automations/automation-runner';
import { WebhookDeliverer } from '../webhooks/delivery/webhook-deliverer';
import { OutboxRelay } from '../webhooks/outbox/outbox-relay';

/**
 * The worker role (`SOKU_ROLE=worker` or `all`): consumes the queues and runs the reconciler,
 * once at start-up (rebuilding whatever the queue lost while nothing ran) and then periodically,
 * and the outbox relay that turns events into webhook deliveries and automation runs.
 */
@Injectable()
export class WorkerService implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly timers = new Set<NodeJS.Timeout>();
  private readonly passes = new Set<Promise<unknown>>();
  private stopped = false;

  constructor(
    private readonly queue: JobQueue,
    private readonly orchestrator: Orchestrator,
    private readonly publisher: Publisher,
    private readonly reconciler: Reconciler,
    private readonly relay: OutboxRelay,
    private readonly deliverer: WebhookDeliverer,
    private readonly automations: AutomationRunner,
    private readonly heartbeat: WorkerHeartbeat,
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
    this.queue.consume('webhook', this.config.webhooks.concurrency, (job) =>
      this.deliverer.deliver(job.deliveryId),
    );
    this.queue.consume('automation', this.config.webhooks.concurrency, (job) =>
      this.automations.run(job.automationRunId),
    );
    this.queue.consume('heartbeat', 1, () => this.heartbeat.beat());
    const { heartbeatMs } = this.config.orchestration;
    this.repeat(
      'heartbeat',
      // Bounded: with Redis down the add would wait for it, and the next beat must still come.
      () => withTimeout(this.queue.add('heartbeat', heartbeatJobId(heartbeatMs), {}), heartbeatMs),
      () => heartbeatMs,
    );
    this.repeat(
      'reconciler',
      () => this.reconciler.reconcile(),
      () => this.config.orchestration.reconcileIntervalMs,
    );
    this.repeat(
      'outbox relay',
      () => this.relay.pass(),
      () => this.config.webhooks.relayIntervalMs,
    );
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

  /** Runs `pass` now and again `interval` after each one ends, until shutdown. */
  private repeat(name: string, pass: () => Promise<unknown>, interval: () => number): void {
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
}
