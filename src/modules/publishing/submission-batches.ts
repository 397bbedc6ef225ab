import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import type { Scope } from '../../common/auth/route-auth';
import { type Transaction, Transactions } from '../../database/transaction';
import { ownMediaIds } from '../connectors';
import { MediaService } from '../media';
import { mediaHolder } from './media-holder';
import { startOf, SubmissionStarts } from './submission-starts';
import { SubmissionBatchRepository } from './submission-batch.repository';
import type { CreatedSubmission, NewRun, NewSubmission } from './submission-rows';

/** One post of a batch: a submission without automation origin, and its runs. */
export interface BatchPost {
  submission: Pick<NewSubmission, 'content' | 'mediaType' | 'scheduledTime' | 'enableRepurposing'>;
  runs: NewRun[];
}

/**
 * Decides inside the batch's transaction which posts to create, given the ids they will have
 * (e.g. by taking their idempotency keys, answered with those ids): true keeps the post.
 */
export type BatchClaim = (tx: Transaction, ids: string[]) => Promise<boolean[]>;

/**
 * Creates many posts of one profile in one transaction, as PublishingService.create does one:
 * submissions, runs and media claims commit together, then every start is queued.
 */
@Injectable()
export class SubmissionBatches {
  constructor(
    private readonly batches: SubmissionBatchRepository,
    private readonly transactions: Transactions,
    private readonly media: MediaService,
    private readonly starts: SubmissionStarts,
  ) {}

  /** The id of each post, in `posts` order; null for a post the claim did not keep. */
  async create(scope: Scope, posts: BatchPost[], claim: BatchClaim): Promise<(string | null)[]> {
    const { userId, profileId } = scope;
    const created: CreatedSubmission[] = posts.map((post) => ({
      id: randomUUID(),
      submission: {
        ...post.submission,
        userId,
        profileId,
        originSubmissionId: null,
        originAutomationId: null,
        automationChain: [],
      },
      runs: post.runs,
      runIds: post.runs.map(() => randomUUID()),
      ...startOf(post.submission),
    }));
    const kept = await this.transactions.run(async (tx) => {
      const chosen = await claim(
        tx,
        created.map((c) => c.id),
      );
      const keep = created.filter((_, i) => chosen[i]);
      await this.batches.insertMany(keep, tx);
      for (const c of keep) {
        // The media are claimed with the post: DELETE /v1/media answers 409 until it is done.
        await this.media.acquireUsage(
          tx,
          scope,
          ownMediaIds(c.submission.content),
          mediaHolder(c.id),
        );
      }
      return new Set(keep.map((c) => c.id));
    });
    await Promise.all(created.filter((c) => kept.has(c.id)).map((c) => this.starts.start(c)));
    return created.map((c) => (kept.has(c.id) ? c.id : null));
  }
}
