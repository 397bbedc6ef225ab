import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { Scope } from '../../common/auth/route-auth';
import { preparedRows, type PreparedStatement, sqlRows } from '../../database/sql';
import type { Transaction } from '../../database/transaction';
import type { PostContent } from '../connectors';
import { PostSubmissionEntity } from './entities/post-submission.entity';
import type { Outcome, SubmissionWithOutcome } from './post-view';
import { type CreatedSubmission, insertParams, insertStatement } from './submission-rows';

/** The derived outcome, in SQL so lists can filter on it. */
export const OUTCOME_SQL = `(
  SELECT CASE
    WHEN s.status = 'cancelled' THEN 'cancelled'
    WHEN bool_or(r.status IN ('queued', 'processing')) THEN 'pending'
    WHEN bool_and(r.status = 'succeeded') THEN 'succeeded'
    WHEN bool_or(r.status = 'succeeded') THEN 'partial'
    ELSE 'failed' END
  FROM post_runs r WHERE r.submission_id = s.id)`;

/** What PATCH /v1/posts/:id changes. */
export type SubmissionEdit = Pick<PostSubmissionEntity, 'content' | 'mediaType' | 'scheduledTime'>;

/** A submission being orchestrated: its queued runs and what its media import needs. */
export interface Orchestration {
  userId: string;
  /** The submission's profile, into which its remote media are imported. */
  profileId: string;
  content: PostContent;
  /** The stored media once imported; null until then. */
  mediaIds: string[] | null;
  runs: RunRef[];
}

export type RunRef = { id: string; attempts: number };

type Row = Record<string, unknown>;

const BEGIN_ORCHESTRATIONS: PreparedStatement = {
  name: 'soku_begin_orchestrations',
  text: `WITH due AS (
     SELECT id FROM post_submissions
      WHERE id = ANY($1::uuid[]) AND status IN ('queued', 'orchestrating')
        AND scheduled_time <= now() + interval '1 second'
      FOR UPDATE SKIP LOCKED
   ), s AS (
     UPDATE post_submissions p SET status = 'orchestrating', runs_timed = false, updated_at = now()
       FROM due WHERE p.id = due.id
     RETURNING p.id, p.user_id, p.profile_id, p.content, p.media_ids)
   SELECT s.id, s.user_id, s.profile_id, s.content, s.media_ids, r.id AS run_id, r.attempts
     FROM s LEFT JOIN post_runs r ON r.submission_id = s.id AND r.status = 'queued'`,
};

/** Each submission's media as an array literal (text), null for none recorded. */
const MARK_DISPATCHED: PreparedStatement = {
  name: 'soku_mark_dispatched',
  text: `UPDATE post_submissions p SET status = 'dispatched',
          media_ids = COALESCE(d.media_ids::uuid[], p.media_ids), updated_at = now()
     FROM unnest($1::uuid[], $2::text[]) AS d(id, media_ids)
    WHERE p.id = d.id AND p.status = 'orchestrating'`,
};

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

  async findInScope(scope: Scope, id: string): Promise<SubmissionWithOutcome | null> {
    const row = await this.db
      .createQueryBuilder(PostSubmissionEntity, 's')
      .addSelect(OUTCOME_SQL, 'outcome')
      .where('s.id = :id AND s.user_id = :userId AND s.profile_id = :profileId', {
        id,
        userId: scope.userId,
        profileId: scope.profileId,
      })
      .getRawAndEntities();
    const submission = row.entities[0];
    return submission
      ? { submission, outcome: (row.raw[0] as { outcome: Outcome }).outcome }
      : null;
  }

  /** The profile of one of the user's submissions (any of their profiles), null if not theirs. */
  async profileOf(userId: string, id: string): Promise<string | null> {
    const rows: Row[] = await sqlRows(
      this.db,
      `SELECT profile_id FROM post_submissions WHERE id = $1 AND user_id = $2`,
      [id, userId],
    );
    return rows.length === 1 ? (rows[0].profile_id as string) : null;
  }

  /** The scope's submission, row-locked inside `tx` for a state change; null if not its. */
  lockInScope(tx: Transaction, scope: Scope, id: string): Promise<PostSubmissionEntity | null> {
    return tx.findOne(PostSubmissionEntity, {
      where: { id, userId: scope.userId, profileId: scope.profileId },
      lock: { mode: 'pessimistic_write' },
    });
  }

  /**
   * The edit of a post not yet started, inside `tx` under its row lock: only while it is still
   * `queued` and unchanged since `readAt` (the version the edit was validated against). Its
   * media are imported again when it is due, by orchestration: jobs its runs were timed with
   * before the edit find it no longer timed.
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
              runs_timed = false, updated_at = now()
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
   * queued → orchestrating for each of these submissions that is due and that no other
   * transaction holds (SKIP LOCKED: an edit or cancel in progress is not waited for; the
   * reconciler brings the submission back if it is still due after it), with what orchestration
   * needs in the same statement. One missing from the answer was cancelled, is already
   * dispatched, is not due (a timer left over from before a reschedule), or was skipped. A timed
   * submission begun (a job of the reconciler's) is orchestration's from then on: untimed.
   */
  async beginOrchestrations(submissionIds: string[]): Promise<Map<string, Orchestration>> {
    const rows: Row[] = await preparedRows(this.db, BEGIN_ORCHESTRATIONS, [submissionIds]);
    const begun = new Map<string, Orchestration>();
    for (const row of rows) {
      const id = row.id as string;
      const orchestration = begun.get(id) ?? {
        userId: row.user_id as string,
        profileId: row.profile_id as string,
        content: row.content as PostContent,
        mediaIds: row.media_ids as string[] | null,
        runs: [],
      };
      if (row.run_id !== null) {
        orchestration.runs.push({ id: row.run_id as string, attempts: row.attempts as number });
      }
      begun.set(id, orchestration);
    }
    return begun;
  }

  /**
   * orchestrating → dispatched for each submission, recording its stored media (null keeps what
   * is there: none when an import failed); one statement for all of them.
   */
  async markDispatched(dispatched: { id: string; mediaIds: string[] | null }[]): Promise<void> {
    await preparedRows(this.db, MARK_DISPATCHED, [
      dispatched.map((submission) => submission.id),
      dispatched.map((submission) =>
        submission.mediaIds ? `{${submission.mediaIds.join(',')}}` : null,
      ),
    ]);
  }

  /**
   * Scheduled submissions due by `horizon` that are not dispatched yet and wait on orchestration
   * (timed ones wait on their runs' jobs: RunsRepository.timedRuns), earliest first.
   */
  async dueSubmissions(
    horizon: Date,
    limit: number,
  ): Promise<{ id: string; scheduledTime: Date }[]> {
    const rows: Row[] = await sqlRows(
      this.db,
      `SELECT id, scheduled_time FROM post_submissions
        WHERE status IN ('queued', 'orchestrating') AND NOT runs_timed AND scheduled_time <= $1
        ORDER BY scheduled_time LIMIT $2`,
      [horizon, limit],
    );
    return rows.map((row) => ({ id: row.id as string, scheduledTime: row.scheduled_time as Date }));
  }
}
