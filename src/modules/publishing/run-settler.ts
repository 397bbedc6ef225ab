import { Injectable } from '@nestjs/common';
import { SokuConfig } from '../../config/soku-config';
import { Transactions } from '../../database/transaction';
import type { PublishError } from '../connectors';
import { MediaService } from '../media';
import { SokuMetrics } from '../../infra/metrics/soku-metrics';
import type { ClaimedRun } from './claimed-run';
import { enqueueParts } from './enqueue-parts';
import { mediaHolder } from './media-holder';
import { JobQueue } from '../../infra/queue/job-queue';
import { publishJobId } from '../../infra/queue/queues';
import { retryDelayMs } from './retry-policy';
import { RunsRepository } from './runs.repository';

/**
 * How a publish attempt ends for its run: succeeded, failed, or queued again with backoff (or
 * deferred, giving the attempt back); and the submission's media released once every run settled.
 */
@Injectable()
export class RunSettler {
  constructor(
    private readonly runs: RunsRepository,
    private readonly queue: JobQueue,
    private readonly config: SokuConfig,
    private readonly media: MediaService,
    private readonly transactions: Transactions,
    private readonly metrics: SokuMetrics,
  ) {}

  async succeed(run: ClaimedRun, platformPostId: string, url: string | null): Promise<void> {
    this.finished(await this.runs.succeed(run.id, platformPostId, url), 'succeeded');
    await enqueueParts(this.queue, run);
  }

  async fail(run: ClaimedRun, code: string, message: string): Promise<void> {
    this.finished(await this.runs.fail(run.id, code, message), 'failed');
  }

  /** Queued again after the backoff, unless the run has spent its attempts: failed then. */
  async retry(run: ClaimedRun, error: PublishError): Promise<void> {
    const { maxAttempts, retryBaseMs } = this.config.orchestration;
    if (run.attempts >= maxAttempts) {
      await this.fail(run, error.code, `${error.message} (gave up after ${run.attempts} attempts)`);
      return;
    }
    const delayMs = retryDelayMs(run.attempts, retryBaseMs, error.retryAfterMs);
    await this.requeue(run, error, delayMs, true);
  }

  /** Queued again in `waitMs` without spending an attempt (a quota window, still processing). */
  defer(run: ClaimedRun, error: PublishError, waitMs: number): Promise<void> {
    return this.requeue(run, error, waitMs, false);
  }

  /** Once every run of a submission has settled, its media may be deleted again. */
  async releaseMediaIfSettled(run: ClaimedRun): Promise<void> {
    // A post without media holds none: nothing to check.
    if (run.mediaIds.length > 0 && (await this.runs.isSettled(run.submissionId))) {
      await this.transactions.run((tx) =>
        this.media.releaseUsage(tx, mediaHolder(run.submissionId)),
      );
    }
  }

  private async requeue(
    run: ClaimedRun,
    error: PublishError,
    delayMs: number,
    spendAttempt: boolean,
  ): Promise<void> {
    const at = new Date(Date.now() + delayMs);
    const queued = await this.runs.retryLater(run.id, at, error.code, error.message, spendAttempt);
    if (queued) {
      // The due time is part of the job id, so a deferral of the same attempt is a new timer.
      await this.queue.add(
        'publish',
        publishJobId(queued.id, queued.attempts, at),
        { runId: queued.id },
        delayMs,
      );
    }
  }

  /** Counts a run that reached a terminal state (`platform` null: it was not processing). */
  private finished(platform: string | null, outcome: 'succeeded' | 'failed'): void {
    if (platform !== null) {
      this.metrics.runsFinished.inc({ platform, outcome });
    }
  }
}
