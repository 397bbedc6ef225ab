import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import {
  preparedRows,
  type PreparedStatement,
  type StatementPart,
  sqlRows,
} from '../../database/sql';
import type { Transaction } from '../../database/transaction';
import { type PostContent, storedMediaSources } from '../connectors';
import { PostRunEntity } from './entities/post-run.entity';
import { PostSubmissionEntity } from './entities/post-submission.entity';
import type { Outcome, SubmissionWithOutcome } from './post-view';

/** The derived outcome, in SQL so lists can filter on it. */
export const OUTCOME_SQL = `(
  SELECT CASE
    WHEN s.status = 'cancelled' THEN 'cancelled'
    WHEN bool_or(r.status IN ('queued', 'processing')) THEN 'pending'
    WHEN bool_and(r.status = 'succeeded') THEN 'succeeded'
    WHEN bool_or(r.status = 'succeeded') THEN 'partial'
    ELSE 'failed' END
  FROM post_runs r WHERE r.submission_id = s.id)`;

export type NewSubmission = Omit<
  PostSubmissionEntity,
  'id' | 'status' | 'createdAt' | 'updatedAt' | 'mediaIds'
>;
/** What PATCH /v1/posts/:id changes. */
export type SubmissionEdit = Pick<PostSubmissionEntity, 'content' | 'mediaType' | 'scheduledTime'>;

export type NewRun = Pick<PostRunEntity, 'platform' | 'accountId' | 'integrationId' | 'targetId'>;

/** A submission being orchestrated: its queued runs and what its media import needs. */
export interface Orchestration {
  userId: string;
  content: PostContent;
  /** The stored media once imported; null until then. */
  mediaIds: string[] | null;
  runs: RunRef[];
}

export interface RunRef {
  id: string;
  attempts: number;
}

type Row = Record<string, unknown>;

/** A submission to create, its runs, and the answer to store with them (idempotent requests). */
export interface CreatedSubmission {
  id: string;
  submission: NewSubmission;
  runs: NewRun[];
  /** The runs' ids, in `runs` order: chosen by the caller so it can enqueue them. */
  runIds: string[];
  /**
   * Created `dispatched`, its media being its own: an immediate post with nothing to import
   * needs no orchestration, so its runs are enqueued directly.
   */
  dispatched: boolean;
  answer?: StatementPart;
}

/** The statement, with the caller's part (see StatementPart) after its own parameters. */
const insertStatement = (answer?: StatementPart): PreparedStatement => ({
  name: answer ? `soku.submission.insert+${answer.name}` : 'soku.submission.insert',
  text: `WITH s AS (
     INSERT INTO post_submissions (id, user_id, content, media_type, scheduled_time,
       enable_repurposing, origin_submission_id, origin_automation_id, automation_chain,
       status, media_ids)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) RETURNING id
   ), r AS (
     INSERT INTO post_runs (id, submission_id, user_id, platform, account_id, integration_id,
       target_id)
     SELECT t.id, s.id, $2, t.platform, t.account_id, t.integration_id, t.target_id
       FROM s, unnest($12::uuid[], $13::text[], $14::text[], $15::uuid[], $16::text[])
            AS t(id, platform, account_id, integration_id, target_id)
   )${answer ? `, answer AS (${answer.sql(17)})` : ''}
   SELECT id FROM s`,
});

function insertParams(created: CreatedSubmission): unknown[] {
  const { id, submission, runs, runIds, dispatched, answer } = created;
  return [
    id,
    submission.userId,
    submission.content,
    submission.mediaType,
    submission.scheduledTime,
    submission.enableRepurposing,
    submission.originSubmissionId,
    submission.originAutomationId,
    submission.automationChain,
    dispatched ? 'dispatched' : 'queued',
    // What orchestration would record: the stored media layout, all own media here (null: not
    // imported yet).
    dispatched ? storedMediaIds(submission.content) : null,
    runIds,
    runs.map((run) => run.platform),
    runs.map((run) => run.accountId),
    runs.map((run) => run.integrationId),
    runs.map((run) => run.targetId),
    ...(answer?.params ?? []),
  ];
}

/** post_submissions: creation, the owner's reads, and the submission's own transitions. */
@Injectable()
export class SubmissionsRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  /**
   * The submission (with the id its caller chose) and all its runs in one statement, with the
   * idempotent answer when there is one: atomic on its own, so the hot path needs no BEGIN and
   * COMMIT, and prepared, so PostgreSQL plans it once per connection.
   */
  async insertAlone(created: CreatedSubmission): Promise<void> {
    await preparedRows(this.db, insertStatement(created.answer), insertParams(created));
  }

  /** The same statement inside `tx`, for a creation that writes more alongside it. */
  async insert(tx: Transaction, created: CreatedSubmission): Promise<void> {
    await tx.query(insertStatement(created.answer).text, insertParams(created));
  }

  async findForUser(userId: string, id: string): Promise<SubmissionWithOutcome | null> {
    const row = await this.db
      .createQueryBuilder(PostSubmissionEntity, 's')
      .addSelect(OUTCOME_SQL, 'outcome')
      .where('s.id = :id AND s.user_id = :userId', { id, userId })
      .getRawAndEntities();
    const submission = row.entities[0];
    return submission
      ? { submission, outcome: (row.raw[0] as { outcome: Outcome }).outcome }
      : null;
  }

  /** The user's submission, row-locked inside `tx` for a state change; null if not theirs. */
  lockForUser(tx: Transaction, userId: string, id: string): Promise<PostSubmissionEntity | null> {
    return tx.findOne(PostSubmissionEntity, {
      where: { id, userId },
      lock: { mode: 'pessimistic_write' },
    });
  }

  /**
   * The edit of a post not yet started, inside `tx` under its row lock: only while it is still
   * `queued` and unchanged since `readAt` (the version the edit was validated against). Its
   * media are imported again when it is due.
   */
  async applyEdit(
    tx: Transaction,
    id: string,
    readAt: Date,
    edit: SubmissionEdit,
  ): Promise<boolean> {
    const rows: Row[] = await sqlRows(
      tx,
      `UPDATE post_submissions
          SET content = $3, media_type = $4, scheduled_time = $5, media_ids = NULL,
              updated_at = now()
        WHERE id = $1 AND status = 'queued' AND date_trunc('milliseconds', updated_at) = $2
        RETURNING id`,
      [id, readAt, edit.content, edit.mediaType, edit.scheduledTime],
    );
    return rows.length === 1;
  }

  async save(tx: Transaction, submission: PostSubmissionEntity): Promise<void> {
    await tx.save(submission);
  }

  /**
   * queued → orchestrating once due, with what orchestration needs in the same statement; null
   * when the submission was cancelled, already dispatched, or is not due (a timer left over from
   * before a reschedule).
   */
  async beginOrchestration(submissionId: string): Promise<Orchestration | null> {
    const rows: Row[] = await sqlRows(
      this.db,
      `WITH s AS (
         UPDATE post_submissions SET status = 'orchestrating', updated_at = now()
          WHERE id = $1 AND status IN ('queued', 'orchestrating')
            AND scheduled_time <= now() + interval '1 second'
          RETURNING id, user_id, content, media_ids)
       SELECT s.user_id, s.content, s.media_ids, r.id AS run_id, r.attempts
         FROM s LEFT JOIN post_runs r ON r.submission_id = s.id AND r.status = 'queued'`,
      [submissionId],
    );
    if (rows.length === 0) {
      return null;
    }
    return {
      userId: rows[0].user_id as string,
      content: rows[0].content as PostContent,
      mediaIds: rows[0].media_ids as string[] | null,
      runs: rows
        .filter((row) => row.run_id !== null)
        .map((row) => ({ id: row.run_id as string, attempts: row.attempts as number })),
    };
  }

  /**
   * orchestrating → dispatched, recording the submission's stored media (null keeps what is
   * there: none when an import failed).
   */
  async markDispatched(submissionId: string, mediaIds: string[] | null): Promise<void> {
    await this.db.query(
      `UPDATE post_submissions SET status = 'dispatched', media_ids = COALESCE($2, media_ids),
              updated_at = now()
        WHERE id = $1 AND status = 'orchestrating'`,
      [submissionId, mediaIds],
    );
  }

  /** Scheduled submissions due by `horizon` that are not dispatched yet, earliest first. */
  async dueSubmissions(
    horizon: Date,
    limit: number,
  ): Promise<{ id: string; scheduledTime: Date }[]> {
    const rows: Row[] = await sqlRows(
      this.db,
      `SELECT id, scheduled_time FROM post_submissions
        WHERE status IN ('queued', 'orchestrating') AND scheduled_time <= $1
        ORDER BY scheduled_time LIMIT $2`,
      [horizon, limit],
    );
    return rows.map((row) => ({ id: row.id as string, scheduledTime: row.scheduled_time as Date }));
  }
}

/** The stored media of a submission with nothing to import, laid out as storedMediaSources says. */
export function storedMediaIds(content: PostContent): string[] {
  return storedMediaSources(content).flatMap((source) =>
    'mediaId' in source ? [source.mediaId] : [],
  );
}
