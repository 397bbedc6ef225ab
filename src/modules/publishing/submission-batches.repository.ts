import { Injectable } from '@nestjs/common';
import type { Transaction } from '../../database/transaction';
import { type CreatedSubmission, storedMediaIds } from './submissions.repository';

/**
 * Many submissions of one user and all their runs in two multi-row statements, inside the
 * caller's transaction: a bulk import of a hundred posts costs two round trips, not a hundred.
 * Bulk posts have no automation origin, so those columns keep their defaults.
 */
@Injectable()
export class SubmissionBatchesRepository {
  async insertMany(tx: Transaction, userId: string, created: CreatedSubmission[]): Promise<void> {
    if (created.length === 0) {
      return;
    }
    await tx.query(
      `INSERT INTO post_submissions (id, user_id, content, media_type, scheduled_time,
         enable_repurposing, status, media_ids)
       SELECT t.id, $1, t.content, t.media_type, t.scheduled_time, t.enable_repurposing, t.status,
              CASE WHEN t.media_ids IS NULL THEN NULL
                   ELSE ARRAY(SELECT jsonb_array_elements_text(t.media_ids))::uuid[] END
         FROM unnest($2::uuid[], $3::jsonb[], $4::text[], $5::timestamptz[], $6::boolean[],
                     $7::text[], $8::jsonb[])
              AS t(id, content, media_type, scheduled_time, enable_repurposing, status, media_ids)`,
      [
        userId,
        created.map((c) => c.id),
        created.map((c) => JSON.stringify(c.submission.content)),
        created.map((c) => c.submission.mediaType),
        created.map((c) => c.submission.scheduledTime),
        created.map((c) => c.submission.enableRepurposing),
        created.map((c) => (c.dispatched ? 'dispatched' : 'queued')),
        // As the single insert: the stored media layout once dispatched, null until imported.
        created.map((c) =>
          c.dispatched ? JSON.stringify(storedMediaIds(c.submission.content)) : null,
        ),
      ],
    );
    const runs = created.flatMap((c) =>
      c.runs.map((run, i) => ({ ...run, id: c.runIds[i], submissionId: c.id })),
    );
    await tx.query(
      `INSERT INTO post_runs (id, submission_id, user_id, platform, account_id, integration_id,
         target_id)
       SELECT t.id, t.submission_id, $1, t.platform, t.account_id, t.integration_id, t.target_id
         FROM unnest($2::uuid[], $3::uuid[], $4::text[], $5::text[], $6::uuid[], $7::text[])
              AS t(id, submission_id, platform, account_id, integration_id, target_id)`,
      [
        userId,
        runs.map((run) => run.id),
        runs.map((run) => run.submissionId),
        runs.map((run) => run.platform),
        runs.map((run) => run.accountId),
        runs.map((run) => run.integrationId),
        runs.map((run) => run.targetId),
      ],
    );
  }
}
