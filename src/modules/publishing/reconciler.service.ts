import { Inject, Injectable } from '@nestjs/common';
import type { Logger } from 'pino';
import { APP_LOGGER } from '../../config/config.module';
import { SokuConfig } from '../../config/soku-config';
import { Publisher } from './publisher.service';
import { JobQueue } from '../../infra/queue/job-queue';
import { orchestrateJobId, publishJobId } from '../../infra/queue/queues';
import { RunsRepository } from './runs.repository';
import { SubmissionsRepository } from './submissions.repository';

const BATCH = 500;
/** Passes a row may wait under its usual job id before it gets a fresh one. */
const STUCK_AFTER_PASSES = 3;

/**
 * PostgreSQL is the source of truth; the queue is only the timer. Each pass re-enqueues what the
 * queue may have lost (a Redis flush or restart, a crash between commit and enqueue) and recovers
 * runs whose worker died. Enqueueing is idempotent, so a pass over healthy state changes nothing.
 */
@Injectable()
export class Reconciler {
  constructor(
    private readonly submissions: SubmissionsRepository,
    private readonly runs: RunsRepository,
    private readonly publisher: Publisher,
    private readonly queue: JobQueue,
    private readonly config: SokuConfig,
    @Inject(APP_LOGGER) private readonly logger: Logger,
  ) {}

  async reconcile(): Promise<{ submissions: number; runs: number; recovered: number }> {
    const { reconcileIntervalMs, runLeaseMs } = this.config.orchestration;
    // Look one interval ahead so a post due before the next pass is on a timer now.
    const horizon = new Date(Date.now() + 2 * reconcileIntervalMs);
    const due = await this.submissions.dueSubmissions(horizon, BATCH);
    await Promise.all(
      due.map((s) =>
        this.queue.add(
          'orchestrate',
          orchestrateJobId(s.id, s.scheduledTime),
          { submissionId: s.id },
          s.scheduledTime.getTime() - Date.now(),
        ),
      ),
    );
    // A timed post's timers are its runs' jobs: the same ids, so a healthy queue ignores them.
    const timed = await this.runs.timedRuns(horizon, BATCH);
    await Promise.all(
      timed.map((run) =>
        this.queue.add(
          'publish',
          reDriveId(publishJobId(run.id, run.attempts, run.dueAt), run.lateMs, reconcileIntervalMs),
          { runId: run.id, timed: true },
          run.dueAt.getTime() - Date.now(),
        ),
      ),
    );
    const waiting = await this.runs.waitingRuns(reconcileIntervalMs, BATCH);
    await Promise.all(
      waiting.map((run) =>
        this.queue.add(
          'publish',
          reDriveId(publishJobId(run.id, run.attempts), run.waitedMs, reconcileIntervalMs),
          { runId: run.id },
        ),
      ),
    );
    const stranded = await this.runs.takeStrandedRuns(runLeaseMs, BATCH);
    for (const run of stranded) {
      this.logger.warn(
        { runId: run.id, publishStarted: run.publishStarted },
        'recovering a run whose worker stopped',
      );
      await this.publisher.recover(run);
    }
    return {
      submissions: due.length,
      runs: timed.length + waiting.length,
      recovered: stranded.length,
    };
  }
}

/**
 * The job id to re-drive a queued run with: its usual id, so a healthy queue ignores the
 * duplicate; but once the run has waited several passes, a new id each pass, because a job Redis
 * still holds under the usual id (stalled, or left by an outage) would make every re-add a no-op.
 * A duplicate publish job is harmless: claiming a run is a compare-and-set from `queued`.
 * (Not for orchestration: a long media import legitimately keeps a submission orchestrating.)
 */
export function reDriveId(usualId: string, waitedMs: number, intervalMs: number): string {
  return waitedMs > STUCK_AFTER_PASSES * intervalMs
    ? `${usualId}-pass-${Math.floor(Date.now() / intervalMs)}`
    : usualId;
}
