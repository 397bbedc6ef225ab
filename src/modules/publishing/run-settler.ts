import { Injectable } from '@nestjs/common';
import { Coalescer } from '../../common/async/coalescer';
import { SokuConfig } from '../../config/soku-config';
import { Transactions } from '../../database/transaction';
import { hasParts, type PublishError } from '../connectors';
import { MediaService } from '../media';
import { SokuMetrics } from '../../infra/metrics/soku-metrics';
import type { ClaimedRun } from './claimed-run';
import { enqueueParts } from './enqueue-parts';
import { mediaHolder } from './media-holder';
import { JobQueue } from '../../infra/queue/job-queue';
import { publishJobId } from '../../infra/queue/queues';
import { retryDelayMs } from './retry-policy';
import { type RunSettle, type SettledRun, RunSettlesRepository } from './run-settles.repository';

/**
 * How a publish attempt ends for its run: succeeded, failed, or queued again with backoff (or
 * deferred, giving the attempt back); and the submission's media released once every run settled.
 * Concurrent settles are coalesced into one transaction (RunSettlesRepository), with the media
 * release of the submissions they settle; a batch that fails is retried one settle at a time.
 */
@Injectable()
export class RunSettler {
  private readonly settles: Coalescer<{ settle: RunSettle; run: ClaimedRun }, SettledRun | null>;

  constructor(
    repository: RunSettlesRepository,
    private readonly queue: JobQueue,
    private readonly config: SokuConfig,
    media: MediaService,
    transactions: Transactions,
    private readonly metrics: SokuMetrics,
  ) {
    this.settles = new Coalescer((batch) =>
      transactions.run(async (tx) => {
        const withParts = new Set(
          batch.filter((one) => hasParts(one.run.content)).map((one) => one.run.submissionId),
        );
        const settled = await repository.settleRuns(
          tx,
          batch.map((one) => one.settle),
          withParts,
        );
        // A post without media holds none: only those with media (or parts, which may) are released,
        // whichever run settles last: another platform's override may hold what this run lacks.
        const holding = new Set(
          batch
            .filter(
              (one, i) =>
                settled[i]?.submissionSettled &&
                (one.run.holdsMedia || withParts.has(one.run.submissionId)),
            )
            .map((one) => one.run.submissionId),
        );
        for (const submissionId of holding) {
          await media.releaseUsage(tx, mediaHolder(submissionId));
        }
        return settled;
      }),
    );
  }

  async succeed(run: ClaimedRun, platformPostId: string, url: string | null): Promise<void> {
    const settled = await this.settle(run, { runId: run.id, to: 'succeeded', platformPostId, url });
    this.finished(settled, 'succeeded');
    await enqueueParts(this.queue, run);
  }

  async fail(run: ClaimedRun, code: string, message: string): Promise<void> {
    this.finished(await this.settle(run, { runId: run.id, to: 'failed', code, message }), 'failed');
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

  private settle(run: ClaimedRun, settle: RunSettle): Promise<SettledRun | null> {
    return this.settles.submit({ settle, run });
  }

  private async requeue(
    run: ClaimedRun,
    error: PublishError,
    delayMs: number,
    spendAttempt: boolean,
  ): Promise<void> {
    const at = new Date(Date.now() + delayMs);
    const { code, message } = error;
    const queued = await this.settle(run, {
      runId: run.id,
      to: 'queued',
      at,
      code,
      message,
      spendAttempt,
    });
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

  /** Counts a run that reached a terminal state (null: it was not processing). */
  private finished(settled: SettledRun | null, outcome: 'succeeded' | 'failed'): void {
    if (settled !== null) {
      this.metrics.runsFinished.inc({ platform: settled.platform, outcome });
    }
  }
}
