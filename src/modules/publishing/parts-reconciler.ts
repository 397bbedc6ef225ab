import { Injectable, type OnApplicationBootstrap } from '@nestjs/common';
import { SokuConfig } from '../../config/soku-config';
import { JobQueue } from '../../infra/queue/job-queue';
import { publishPartsJobId } from '../../infra/queue/queues';
import { WorkerScheduler } from '../../infra/queue/worker-scheduler';
import { reDriveId } from './reconciler.service';
import { RunPartsRepository } from './run-parts.repository';

const BATCH = 500;

/**
 * The reconciler's pass for parts: a succeeded run whose parts nothing is working on (the
 * publish-parts job was lost, or its worker died between or during parts) is queued again. The
 * job resumes at the first unsettled part; a duplicate finds nothing to claim.
 */
@Injectable()
export class PartsReconciler implements OnApplicationBootstrap {
  constructor(
    private readonly scheduler: WorkerScheduler,
    private readonly parts: RunPartsRepository,
    private readonly queue: JobQueue,
    private readonly config: SokuConfig,
  ) {}

  onApplicationBootstrap(): void {
    this.scheduler.repeat(
      'parts-reconciler',
      () => this.reconcile(),
      () => this.config.orchestration.reconcileIntervalMs,
    );
  }

  async reconcile(): Promise<number> {
    const { reconcileIntervalMs } = this.config.orchestration;
    const idle = await this.parts.idleOpenRuns(reconcileIntervalMs, BATCH);
    await Promise.all(
      idle.map((run) =>
        this.queue.add(
          'publish-parts',
          reDriveId(publishPartsJobId(run.id), run.waitedMs, reconcileIntervalMs),
          { runId: run.id },
        ),
      ),
    );
    return idle.length;
  }
}
