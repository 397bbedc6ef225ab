import { Injectable, type OnApplicationBootstrap } from '@nestjs/common';
import { SokuConfig } from '../../../config/soku-config';
import { JobQueue } from '../../../infra/queue/job-queue';
import { unpublishJobId } from '../../../infra/queue/queues';
import { WorkerScheduler } from '../../../infra/queue/worker-scheduler';
import { RunDeletionsRepository } from './run-deletions.repository';

const BATCH = 500;

/**
 * On worker processes, with the reconciler's interval: re-enqueues the pending deletions the
 * queue lost, and those whose worker died mid-call (their lease lapsed). A duplicate job is
 * harmless: claiming is a compare-and-set.
 */
@Injectable()
export class DeletionPasses implements OnApplicationBootstrap {
  constructor(
    private readonly scheduler: WorkerScheduler,
    private readonly queue: JobQueue,
    private readonly deletions: RunDeletionsRepository,
    private readonly config: SokuConfig,
  ) {}

  onApplicationBootstrap(): void {
    this.scheduler.repeat(
      'deletions',
      () => this.reDrive(),
      () => this.config.orchestration.reconcileIntervalMs,
    );
  }

  async reDrive(): Promise<number> {
    const intervalMs = this.config.orchestration.reconcileIntervalMs;
    const waiting = await this.deletions.waiting(intervalMs, BATCH);
    // Only rows idle past a whole interval come back: a fresh id per pass, so a job the queue
    // still holds under the usual id (stalled, or left by a dead worker) cannot swallow it.
    const pass = Math.floor(Date.now() / intervalMs);
    await Promise.all(
      waiting.map((deletion) =>
        this.queue.add(
          'unpublish',
          `${unpublishJobId(deletion.runId, deletion.attempts)}-pass-${pass}`,
          { runId: deletion.runId },
        ),
      ),
    );
    return waiting.length;
  }
}
