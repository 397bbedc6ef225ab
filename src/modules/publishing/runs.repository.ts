import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { type PreparedStatement, preparedRows, sqlRows } from '../../database/sql';
import type { Transaction } from '../../database/transaction';
import {
  CLAIMED_COLUMNS,
  type ClaimedRun,
  type StrandedRun,
  toClaimed,
  type WaitingRun,
} from './claimed-run';
import { PostRunEntity } from './entities/post-run.entity';
import { recordRunEvents } from './post-events.repository';

type Row = Record<string, unknown>;

/** A queued run of a timed submission (see timedRuns). */
export interface TimedRun {
  id: string;
  attempts: number;
  dueAt: Date;
  lateMs: number;
}

const CLAIM_RUNS: PreparedStatement = {
  name: 'soku_claim_runs',
  text: `WITH claimable AS (
     SELECT r.id FROM post_runs r JOIN post_submissions s ON s.id = r.submission_id
      WHERE r.id = ANY($1::uuid[]) AND r.status = 'queued'
        AND s.status IN ('orchestrating', 'dispatched')
        AND (r.next_attempt_at IS NULL OR r.next_attempt_at <= now())
      FOR UPDATE OF r SKIP LOCKED)
   UPDATE post_runs r SET status = 'processing', attempts = r.attempts + 1,
          lease_expires_at = now() + ($2 || ' milliseconds')::interval,
          publish_started_at = NULL, updated_at = now()
     FROM claimable c, post_submissions s
    WHERE r.id = c.id AND s.id = r.submission_id AND r.status = 'queued'
    RETURNING ${CLAIMED_COLUMNS}`,
};

/**
 * queued → dispatched for the timed submissions of these runs that are due (within the second
 * orchestration allows), locking them in id order: an edit or a cancel holding one is waited
 * for, and one that made it untimed (an edit) or cancelled is left alone.
 */
const DISPATCH_TIMED: PreparedStatement = {
  name: 'soku_dispatch_timed',
  text: `UPDATE post_submissions p SET status = 'dispatched', updated_at = now()
     FROM (SELECT s.id FROM post_submissions s
            WHERE s.id IN (SELECT submission_id FROM post_runs WHERE id = ANY($1::uuid[]))
              AND s.status = 'queued' AND s.runs_timed
              AND s.scheduled_time <= now() + interval '1 second'
            ORDER BY s.id FOR UPDATE) d
    WHERE p.id = d.id`,
};

const MARK_PUBLISH_STARTED: PreparedStatement = {
  name: 'soku_mark_publish_started',
  text: `UPDATE post_runs SET publish_started_at = now()
          WHERE id = ANY($1::uuid[]) AND status = 'processing'`,
};

const SAVE_CONNECTOR_STATES: PreparedStatement = {
  name: 'soku_save_connector_states',
  text: `UPDATE post_runs r SET connector_state = d.state, updated_at = now()
     FROM unnest($1::uuid[], $2::jsonb[]) AS d(id, state)
    WHERE r.id = d.id AND r.status = 'processing'`,
};

/**
 * post_runs: the publish state machine's transitions, each one atomic compare-and-set SQL.
 * Whatever the queue delivers, twice or late, only a transition from the expected state takes
 * effect: this is what makes every job idempotent and a run publish at most once per claim.
 */
@Injectable()
export class RunsRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  /** The runs of these submissions, in post order. */
  runsOf(submissionIds: string[]): Promise<PostRunEntity[]> {
    if (submissionIds.length === 0) {
      return Promise.resolve([]);
    }
    return this.db
      .getRepository(PostRunEntity)
      .createQueryBuilder('r')
      .where('r.submission_id IN (:...submissionIds)', { submissionIds })
      .orderBy('r.created_at', 'ASC')
      .addOrderBy('r.target_id', 'ASC')
      .getMany();
  }

  /** The runs of a submission whose row `tx` has locked, locked too. */
  lockRunsOf(tx: Transaction, submissionId: string): Promise<PostRunEntity[]> {
    return tx.find(PostRunEntity, {
      where: { submissionId },
      lock: { mode: 'pessimistic_write' },
    });
  }

  async cancelRuns(tx: Transaction, runIds: string[]): Promise<void> {
    await tx
      .createQueryBuilder()
      .update(PostRunEntity)
      .set({ status: 'cancelled', nextAttemptAt: null, finishedAt: () => 'now()' })
      .whereInIds(runIds)
      .execute();
  }

  /** Failed runs back to the queue with a fresh budget of attempts; the last error stays visible. */
  async requeueRuns(tx: Transaction, runIds: string[]): Promise<void> {
    await tx
      .createQueryBuilder()
      .update(PostRunEntity)
      .set({ status: 'queued', attempts: 0, nextAttemptAt: null, finishedAt: null })
      .whereInIds(runIds)
      .execute();
  }

  /** Fails every queued run of a submission at once (its media could not be imported). */
  async failQueuedRuns(submissionId: string, code: string, message: string): Promise<void> {
    await this.db.transaction(async (tx) => {
      await tx.query(`SELECT id FROM post_submissions WHERE id = $1 FOR UPDATE`, [submissionId]);
      const failed: Row[] = await sqlRows(
        tx,
        `UPDATE post_runs SET status = 'failed', error_code = $2, error_message = $3, finished_at = now(), updated_at = now()
          WHERE submission_id = $1 AND status = 'queued' RETURNING id`,
        [submissionId, code, message.slice(0, 2000)],
      );
      await recordRunEvents(
        tx,
        submissionId,
        failed.map((row) => ({ runId: row.id as string, type: 'post.run.failed' as const })),
      );
    });
  }

  /**
   * queued (and due) → processing with a lease, for each id another transaction does not hold
   * (SKIP LOCKED: a run being cancelled or claimed elsewhere is not waited for). The claimed
   * rows; an id missing from them was not claimable (a duplicate job, cancelled, not due yet).
   */
  async claimRuns(runIds: string[], leaseMs: number): Promise<ClaimedRun[]> {
    const rows: Row[] = await preparedRows(this.db, CLAIM_RUNS, [runIds, String(leaseMs)]);
    return rows.map(toClaimed);
  }

  /**
   * Dispatches the due timed submissions of these runs, so that claimRuns can take the runs: a
   * statement of its own, which commits before the claim locks any run, since an edit or a
   * cancel locks the submission first and its runs next.
   */
  async dispatchTimed(runIds: string[]): Promise<void> {
    await preparedRows(this.db, DISPATCH_TIMED, [runIds]);
  }

  /**
   * Queued runs of timed submissions due by `horizon`, with the due time their jobs carry and how
   * late they are (ms, 0 before it): the reconciler times them again should the queue have lost
   * their jobs.
   */
  async timedRuns(horizon: Date, limit: number): Promise<TimedRun[]> {
    const rows: Row[] = await sqlRows(
      this.db,
      `SELECT r.id, r.attempts, s.scheduled_time,
              GREATEST(0, EXTRACT(EPOCH FROM now() - s.scheduled_time) * 1000)::bigint AS late_ms
         FROM post_submissions s JOIN post_runs r ON r.submission_id = s.id
        WHERE s.status = 'queued' AND s.runs_timed AND s.scheduled_time <= $1
          AND r.status = 'queued'
        ORDER BY s.scheduled_time LIMIT $2`,
      [horizon, limit],
    );
    return rows.map((row) => ({
      id: row.id as string,
      attempts: row.attempts as number,
      dueAt: row.scheduled_time as Date,
      lateMs: Number(row.late_ms),
    }));
  }

  /** Recorded before the irreversible call: from here on, a lost answer means "check first". */
  async markPublishStarted(runIds: string[]): Promise<void> {
    await preparedRows(this.db, MARK_PUBLISH_STARTED, [runIds]);
  }

  /**
   * Persists each run's reversible connector progress, so a later attempt resumes instead of
   * redoing it; one statement for the batch (each run has at most one save in flight).
   */
  async saveConnectorStates(
    saves: { runId: string; state: Record<string, unknown> }[],
  ): Promise<void> {
    await preparedRows(this.db, SAVE_CONNECTOR_STATES, [
      saves.map((save) => save.runId),
      saves.map((save) => JSON.stringify(save.state)),
    ]);
  }

  /** Queued runs of dispatched submissions that are due and have waited longer than `idleMs`. */
  async waitingRuns(idleMs: number, limit: number): Promise<WaitingRun[]> {
    const rows: Row[] = await sqlRows(
      this.db,
      `SELECT r.id, r.attempts, (EXTRACT(EPOCH FROM now() - r.updated_at) * 1000)::bigint AS waited_ms FROM post_runs r JOIN post_submissions s ON s.id = r.submission_id
        WHERE r.status = 'queued' AND s.status = 'dispatched'
          AND (r.next_attempt_at IS NULL OR r.next_attempt_at <= now())
          AND r.updated_at < now() - ($1 || ' milliseconds')::interval
        ORDER BY r.updated_at LIMIT $2`,
      [String(idleMs), limit],
    );
    return rows.map((row) => ({
      id: row.id as string,
      attempts: row.attempts as number,
      waitedMs: Number(row.waited_ms),
    }));
  }

  /** Runs whose worker's lease has lapsed (a crash, a kill), taken over by extending the lease. */
  async takeStrandedRuns(leaseMs: number, limit: number): Promise<StrandedRun[]> {
    const rows: Row[] = await sqlRows(
      this.db,
      `UPDATE post_runs r SET lease_expires_at = now() + ($1 || ' milliseconds')::interval, updated_at = now()
         FROM post_submissions s
        WHERE s.id = r.submission_id AND r.id IN (
          SELECT id FROM post_runs WHERE status = 'processing' AND lease_expires_at < now()
          ORDER BY lease_expires_at LIMIT $2 FOR UPDATE SKIP LOCKED)
        RETURNING ${CLAIMED_COLUMNS}, r.publish_started_at`,
      [String(leaseMs), limit],
    );
    return rows.map((row) => ({
      ...toClaimed(row),
      publishStarted: row.publish_started_at !== null,
    }));
  }
}
