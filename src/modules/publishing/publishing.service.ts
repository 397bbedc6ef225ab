import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import type { Logger } from 'pino';
import { QueueUnavailableError } from '../../common/errors';
import { APP_LOGGER } from '../../config/config.module';
import type { StatementPart } from '../../database/sql';
import { type Transaction, Transactions } from '../../database/transaction';
import { remoteMediaUrls } from '../connectors';
import { MediaService } from '../media';
import { mediaHolder } from './media-holder';
import { type PostView, type SubmissionWithOutcome, toPostView } from './post-view';
import { hasParts } from '../connectors';
import { RunPartsRepository } from './run-parts.repository';
import { recordCancelled } from './post-events.repository';
import { JobQueue } from '../../infra/queue/job-queue';
import { orchestrateJobId, publishJobId } from '../../infra/queue/queues';
import { RunsRepository } from './runs.repository';
import { type SubmissionListFilter, SubmissionListRepository } from './submission-list.repository';
import {
  type NewRun,
  type NewSubmission,
  type RunRef,
  SubmissionsRepository,
} from './submissions.repository';

/** What a creation stores besides the submission and its runs. */
export interface CreateExtras {
  /** The caller's own writes, in the same transaction. */
  alongside?: (tx: Transaction, submissionId: string) => Promise<void>;
  /** The answer to store with the submission, given its id. */
  answer?: (submissionId: string) => StatementPart | undefined;
}

export type CancelResult = 'cancelled' | 'not_found' | 'not_cancellable';
export type RetryResult = 'retried' | 'not_found' | 'nothing_to_retry';

/**
 * What posts (and admin) ask of publishing: create a submission with its runs, read it, cancel
 * it, retry it. Enqueueing happens after commit; a queue outage is not the caller's failure, as
 * the submission is committed and the reconciler enqueues what is due once the queue is back.
 */
@Injectable()
export class PublishingService {
  constructor(
    private readonly submissions: SubmissionsRepository,
    private readonly runs: RunsRepository,
    private readonly lists: SubmissionListRepository,
    private readonly transactions: Transactions,
    private readonly media: MediaService,
    private readonly queue: JobQueue,
    @Inject(APP_LOGGER) private readonly logger: Logger,
    private readonly runParts: RunPartsRepository,
  ) {}

  /**
   * The submission and its runs, with the caller's answer (`extras.answer`, e.g. the idempotent
   * response, built from the new id), then its start is queued; returns its id. With no media to
   * claim and nothing `alongside`, that is one statement; otherwise one transaction holds it, the
   * media claims and the caller's own writes.
   */
  async create(
    submission: NewSubmission,
    runs: NewRun[],
    extras: CreateExtras = {},
  ): Promise<string> {
    const id = randomUUID();
    const created = { id, submission, runs, answer: extras.answer?.(id) };
    const mediaIds = submission.content.mediaIds ?? [];
    const { alongside } = extras;
    if (mediaIds.length === 0 && !alongside) {
      await this.submissions.insertAlone(created);
    } else {
      await this.transactions.run(async (tx) => {
        await this.submissions.insert(tx, created);
        // The media are claimed with the post: DELETE /v1/media answers 409 until it is done.
        await this.media.acquireUsage(tx, submission.userId, mediaIds, mediaHolder(id));
        await alongside?.(tx, id);
      });
    }
    await this.dispatch(id, submission.scheduledTime);
    return id;
  }

  async get(userId: string, id: string): Promise<PostView | null> {
    const found = await this.submissions.findForUser(userId, id);
    return found ? (await this.views([found]))[0] : null;
  }

  /** One owner's submissions, newest first (every user route). */
  listForUser(userId: string, filter: SubmissionListFilter): Promise<SubmissionWithOutcome[]> {
    return this.lists.listForUser(userId, filter);
  }

  /** Every user's submissions, newest first: the admin search only. */
  searchAllUsers(filter: SubmissionListFilter): Promise<SubmissionWithOutcome[]> {
    return this.lists.searchAllUsers(filter);
  }

  /** The posts of submissions a list read, with their runs, in the same order. */
  async views(found: SubmissionWithOutcome[]): Promise<PostView[]> {
    const runs = await this.runs.runsOf(found.map((item) => item.submission.id));
    const withParts = new Set(
      found.filter((item) => hasParts(item.submission.content)).map((item) => item.submission.id),
    );
    const parts = await this.runParts.partsOf(
      runs.filter((run) => withParts.has(run.submissionId)).map((run) => run.id),
    );
    return found.map((item) =>
      toPostView(
        item.submission,
        item.outcome,
        runs.filter((run) => run.submissionId === item.submission.id),
        parts,
      ),
    );
  }

  /** Cancels a post none of whose runs has started; cancelling it again changes nothing. */
  cancel(userId: string, id: string): Promise<CancelResult> {
    return this.transactions.run(async (tx) => {
      const submission = await this.submissions.lockForUser(tx, userId, id);
      if (!submission) {
        return 'not_found';
      }
      if (submission.status === 'cancelled') {
        return 'cancelled';
      }
      const runs = await this.runs.lockRunsOf(tx, id);
      if (runs.some((run) => run.status !== 'queued' || run.attempts > 0)) {
        return 'not_cancellable';
      }
      submission.status = 'cancelled';
      await this.submissions.save(tx, submission);
      await this.runs.cancelRuns(
        tx,
        runs.map((run) => run.id),
      );
      await recordCancelled(tx, id);
      return 'cancelled';
    });
  }

  /**
   * Puts the failed runs back in the queue; the others are left alone. When the media import is
   * what failed (no media were stored), the post goes back to `queued` and is orchestrated again:
   * the import is redone, and nothing publishes without its media.
   */
  async retry(userId: string, id: string): Promise<RetryResult> {
    const decided = await this.transactions.run(async (tx) => {
      const submission = await this.submissions.lockForUser(tx, userId, id);
      if (!submission) {
        return 'not_found';
      }
      const runs = await this.runs.lockRunsOf(tx, id);
      const failed = runs.filter((run) => run.status === 'failed');
      if (failed.length === 0) {
        return 'nothing_to_retry';
      }
      const mustImport =
        submission.mediaIds === null && remoteMediaUrls(submission.content).length > 0;
      if (mustImport) {
        submission.status = 'queued';
        await this.submissions.save(tx, submission);
      }
      await this.runs.requeueRuns(
        tx,
        failed.map((run) => run.id),
      );
      return {
        requeued: failed.map((run) => ({ id: run.id, attempts: 0 })),
        // Its due time, so the job has the id the reconciler would give it: one import.
        reimportAt: mustImport ? submission.scheduledTime : null,
      };
    });
    if (typeof decided === 'string') {
      return decided;
    }
    await (decided.reimportAt
      ? this.dispatch(id, decided.reimportAt)
      : this.requeue(decided.requeued));
    return 'retried';
  }

  /** Queues a committed submission's start; `scheduledTime` in the future delays it until then. */
  async dispatch(submissionId: string, scheduledTime: Date): Promise<void> {
    await this.tolerateOutage(
      this.queue.add(
        'orchestrate',
        orchestrateJobId(submissionId, scheduledTime),
        { submissionId },
        scheduledTime.getTime() - Date.now(),
      ),
    );
  }

  private async requeue(runs: RunRef[]): Promise<void> {
    await this.tolerateOutage(
      Promise.all(
        runs.map((run) =>
          this.queue.add('publish', publishJobId(run.id, run.attempts), { runId: run.id }),
        ),
      ),
    );
  }

  private async tolerateOutage(enqueue: Promise<unknown>): Promise<void> {
    try {
      await enqueue;
    } catch (error) {
      if (!(error instanceof QueueUnavailableError)) {
        throw error;
      }
      this.logger.warn({ err: error }, 'queue unavailable: the reconciler will enqueue the post');
    }
  }
}
