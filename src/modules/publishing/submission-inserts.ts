import { Injectable } from '@nestjs/common';
import { Coalescer } from '../../common/async/coalescer';
import { SubmissionBatchRepository } from './submission-batch.repository';
import type { CreatedSubmission } from './submission-rows';
import { SubmissionsRepository } from './submissions.repository';

/**
 * Group commit of concurrent creations: a lone one is written at once by its own prepared
 * statement; those that arrive while a write is in flight go together in the next one (one
 * statement, one round trip, one WAL flush). Each caller is answered once the statement holding
 * its submission has committed; a batch that fails is written again one submission at a time,
 * so one bad submission fails only its own request.
 */
@Injectable()
export class SubmissionInserts {
  private readonly inserts: Coalescer<CreatedSubmission, void>;

  constructor(submissions: SubmissionsRepository, batches: SubmissionBatchRepository) {
    this.inserts = new Coalescer(async (batch) => {
      await (batch.length === 1 ? submissions.insertAlone(batch[0]) : batches.insertMany(batch));
      return batch.map(() => undefined);
    });
  }

  insert(created: CreatedSubmission): Promise<void> {
    return this.inserts.submit(created);
  }
}
