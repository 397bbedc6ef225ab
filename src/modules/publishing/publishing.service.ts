import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import type { Scope } from '../../common/auth/route-auth';
import type { StatementPart } from '../../database/sql';
import { type Transaction, Transactions } from '../../database/transaction';
import { importsRemoteMedia, ownMediaIds } from '../connectors';
import { MediaService } from '../media';
import { mediaHolder } from './media-holder';
import { type PostView, type SubmissionWithOutcome, toPostView } from './post-view';
import { hasParts } from '../connectors';
import { RunPartsRepository } from './run-parts.repository';
import { loadPostView, recordUpdated } from './post-events.repository';
import { SubmissionCancels } from './submission-cancels';
import { RunsRepository } from './runs.repository';
import { SubmissionInserts } from './submission-inserts';
import type { NewRun, NewSubmission } from './submission-rows';
import { startOf, SubmissionStarts } from './submission-starts';
import { RunDeletionsRepository } from './deletion/run-deletions.repository';
import { type SubmissionListFilter, SubmissionListRepository } from './submission-list.repository';
import { type SubmissionEdit, SubmissionsRepository } from './submissions.repository';

/** What a creation stores besides the submission and its runs. */
export interface CreateExtras {
  /** The caller's own writes, in the same transaction. */
  alongside?: (tx: Transaction, submissionId: string) => Promise<void>;
  /** The answer to store with the submission, given its id. */
  answer?: (submissionId: string) => StatementPart | undefined;
}

export type CancelResult = 'cancelled' | 'not_found' | 'not_cancellable';
export type RetryResult = 'retried' | 'not_found' | 'nothing_to_retry';
export type EditResult = 'edited' | 'not_found' | 'not_editable' | 'changed';

/**
 * What posts (and admin) ask of publishing: create a submission with its runs, read it, cancel
 * it, retry it. Its start is queued after commit (SubmissionStarts).
 */
@Injectable()
export class PublishingService {
  constructor(
    private readonly submissions: SubmissionsRepository,
    private readonly runs: RunsRepository,
    private readonly lists: SubmissionListRepository,
    private readonly transactions: Transactions,
    private readonly media: MediaService,
    private readonly starts: SubmissionStarts,
    private readonly deletions: RunDeletionsRepository,
    private readonly runParts: RunPartsRepository,
    private readonly inserts: SubmissionInserts,
    private readonly cancels: SubmissionCancels,
  ) {}

  /**
   * The submission and its runs, with the caller's answer (`extras.answer`, e.g. the idempotent
   * response, built from the new id), then its start is queued; returns its id. With no media to
   * claim and nothing `alongside`, that is one statement, shared with concurrent creations
   * (SubmissionInserts); otherwise one transaction holds it, the
   * media claims and the caller's own writes. A post due now with no remote media to import is
   * stored `dispatched` and its runs go straight to the publish queue (orchestration would only
   * enqueue them); one due later is timed the same way (timedAtCreate). Should that enqueue be
   * lost, the reconciler re-drives the runs, as after an orchestration.
   */
  async create(
    submission: NewSubmission,
    runs: NewRun[],
    extras: CreateExtras = {},
  ): Promise<string> {
    const id = randomUUID();
    const { dispatched, timed } = startOf(submission);
    const runIds = runs.map(() => randomUUID());
    const answer = extras.answer?.(id);
    const created = { id, submission, runs, runIds, dispatched, timed, answer };
    const mediaIds = ownMediaIds(submission.content);
    const { alongside } = extras;
    if (mediaIds.length === 0 && !alongside) {
      await this.inserts.insert(created);
    } else {
      await this.transactions.run(async (tx) => {
        await this.submissions.insert(tx, created);
        // The media are claimed with the post: DELETE /v1/media answers 409 until it is done.
        await this.media.acquireUsage(
          tx,
          { userId: submission.userId, profileId: submission.profileId },
          mediaIds,
          mediaHolder(id),
        );
        await alongside?.(tx, id);
      });
    }
    await this.starts.start(created);
    return id;
  }

  async get(scope: Scope, id: string): Promise<PostView | null> {
    const found = await this.submissions.findInScope(scope, id);
    return found ? (await this.views([found]))[0] : null;
  }

  /** Where one of the user's posts is, in any of their profiles (the admin's routes). */
  async scopeOf(userId: string, id: string): Promise<Scope | null> {
    const profileId = await this.submissions.profileOf(userId, id);
    return profileId ? { userId, profileId } : null;
  }

  /** One profile's submissions, newest first (every user route). */
  listInScope(scope: Scope, filter: SubmissionListFilter): Promise<SubmissionWithOutcome[]> {
    return this.lists.listInScope(scope, filter);
  }

  /** One user's submissions in all their profiles, newest first: the admin search only. */
  listForUser(userId: string, filter: SubmissionListFilter): Promise<SubmissionWithOutcome[]> {
    return this.lists.listForUser(userId, filter);
  }

  /** Every user's submissions, newest first: the admin search only. */
  searchAllUsers(filter: SubmissionListFilter): Promise<SubmissionWithOutcome[]> {
    return this.lists.searchAllUsers(filter);
  }

  /** The posts of submissions a list read, with their runs, in the same order. */
  async views(found: SubmissionWithOutcome[]): Promise<PostView[]> {
    const ids = found.map((item) => item.submission.id);
    const [runs, deletions] = await Promise.all([
      this.runs.runsOf(ids),
      this.deletions.viewsOf(ids),
    ]);
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
        deletions,
        parts,
      ),
    );
  }

  /** Cancels a post none of whose runs has started; cancelling it again changes nothing. */
  cancel(scope: Scope, id: string): Promise<CancelResult> {
    return this.transactions.run(async (tx) => {
      const submission = await this.submissions.lockInScope(tx, scope, id);
      if (!submission) {
        return 'not_found';
      }
      if (submission.status === 'cancelled') {
        return 'cancelled';
      }
      return (await this.cancels.cancelLocked(tx, submission)) ? 'cancelled' : 'not_cancellable';
    });
  }

  /**
   * Edits a post none of whose runs has started, as validated against its version `readAt`.
   * The row lock orders it with the post becoming due (beginOrchestration updates the same row):
   * once orchestration has begun the edit is refused. The media claims follow the new content,
   * and the start is queued at the new time; a job left for the old time finds the post not due.
   */
  async edit(scope: Scope, id: string, readAt: Date, edit: SubmissionEdit): Promise<EditResult> {
    const result = await this.transactions.run(async (tx): Promise<EditResult> => {
      const submission = await this.submissions.lockInScope(tx, scope, id);
      if (!submission) {
        return 'not_found';
      }
      const runs = await this.runs.lockRunsOf(tx, id);
      if (
        submission.status !== 'queued' ||
        runs.some((run) => run.status !== 'queued' || run.attempts > 0)
      ) {
        return 'not_editable';
      }
      const before = await loadPostView(tx, id);
      if (!before || !(await this.submissions.applyEdit(tx, id, readAt, edit))) {
        return 'changed';
      }
      await this.media.releaseUsage(tx, mediaHolder(id));
      await this.media.acquireUsage(tx, scope, ownMediaIds(edit.content), mediaHolder(id));
      await recordUpdated(tx, id, before.post);
      return 'edited';
    });
    if (result === 'edited') {
      await this.starts.orchestrate(id, edit.scheduledTime);
    }
    return result;
  }

  /**
   * Puts the failed runs back in the queue; the others are left alone. When the media import is
   * what failed (no media were stored), the post goes back to `queued` and is orchestrated again:
   * the import is redone, and nothing publishes without its media.
   */
  async retry(scope: Scope, id: string): Promise<RetryResult> {
    const decided = await this.transactions.run(async (tx) => {
      const submission = await this.submissions.lockInScope(tx, scope, id);
      if (!submission) {
        return 'not_found';
      }
      const runs = await this.runs.lockRunsOf(tx, id);
      const failed = runs.filter((run) => run.status === 'failed');
      if (failed.length === 0) {
        return 'nothing_to_retry';
      }
      const mustImport = submission.mediaIds === null && importsRemoteMedia(submission.content);
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
      ? this.starts.orchestrate(id, decided.reimportAt)
      : this.starts.enqueueRuns(decided.requeued));
    return 'retried';
  }
}
