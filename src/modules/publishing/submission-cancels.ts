import { Injectable } from '@nestjs/common';
import type { Scope } from '../../common/auth/route-auth';
import type { Transaction } from '../../database/transaction';
import { MediaService } from '../media';
import type { PostSubmissionEntity } from './entities/post-submission.entity';
import { mediaHolder } from './media-holder';
import { recordCancelled } from './post-events.repository';
import { RunsRepository } from './runs.repository';
import { PendingSubmissionsRepository } from './pending-submissions.repository';
import { SubmissionsRepository } from './submissions.repository';

/**
 * Cancelling posts none of whose runs has started: one (DELETE /v1/posts/:id) or every pending
 * post of a profile being deleted, the same way, inside the caller's transaction.
 */
@Injectable()
export class SubmissionCancels {
  constructor(
    private readonly submissions: SubmissionsRepository,
    private readonly pending: PendingSubmissionsRepository,
    private readonly runs: RunsRepository,
    private readonly media: MediaService,
  ) {}

  /** How many posts of the profile a cancel would accept, row-locked until `tx` ends. */
  async countPending(tx: Transaction, scope: Scope): Promise<number> {
    return (await this.pending.lockCancellable(tx, scope)).length;
  }

  /** Cancels every post of the profile a cancel would accept; returns how many. */
  async cancelPending(tx: Transaction, scope: Scope): Promise<number> {
    let cancelled = 0;
    for (const submission of await this.pending.lockCancellable(tx, scope)) {
      cancelled += (await this.cancelLocked(tx, submission)) ? 1 : 0;
    }
    return cancelled;
  }

  /** Cancels a row-locked submission unless one of its runs has started (then false). */
  async cancelLocked(tx: Transaction, submission: PostSubmissionEntity): Promise<boolean> {
    const runs = await this.runs.lockRunsOf(tx, submission.id);
    if (runs.some((run) => run.status !== 'queued' || run.attempts > 0)) {
      return false;
    }
    submission.status = 'cancelled';
    await this.submissions.save(tx, submission);
    await this.runs.cancelRuns(
      tx,
      runs.map((run) => run.id),
    );
    // A cancelled post uses its media no more: they can be deleted again.
    await this.media.releaseUsage(tx, mediaHolder(submission.id));
    await recordCancelled(tx, submission.id);
    return true;
  }
}
