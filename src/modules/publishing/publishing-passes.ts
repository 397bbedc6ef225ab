import { Injectable, type OnApplicationBootstrap } from '@nestjs/common';
import { withTimeout } from '../../common/async/with-timeout';
import { SokuConfig } from '../../config/soku-config';
import { JobQueue } from '../../infra/queue/job-queue';
import { heartbeatJobId } from '../../infra/queue/queues';
import { WorkerScheduler } from '../../infra/queue/worker-scheduler';
import { Reconciler } from './reconciler.service';

/**
 * Publishing's periodic passes on worker processes: the heartbeat job (worker liveness) and the
 * reconciler, once at start-up (rebuilding whatever the queue lost while nothing ran) and then
 * periodically. The scheduler drains them before shutdown.
 */
@Injectable()
export class PublishingPasses implements OnApplicationBootstrap {
  constructor(
    private readonly scheduler: WorkerScheduler,
    private readonly queue: JobQueue,
    private readonly reconciler: Reconciler,
    private readonly config: SokuConfig,
  ) {}

  onApplicationBootstrap(): void {
    const { heartbeatMs } = this.config.orchestration;
    this.scheduler.repeat(
      'heartbeat',
      // Bounded: with Redis down the add would wait for it, and the next beat must still come.
      () => withTimeout(this.queue.add('heartbeat', heartbeatJobId(heartbeatMs), {}), heartbeatMs),
      () => heartbeatMs,
    );
    this.scheduler.repeat(
      'reconciler',
      () => this.reconciler.reconcile(),
      () => this.config.orchestration.reconcileIntervalMs,
    );
  }
}
