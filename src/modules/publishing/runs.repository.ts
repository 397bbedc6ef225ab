import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { sqlRows } from '../../database/sql';
import type { Transaction } from '../../database/transaction';
import {
  CLAIMED_COLUMNS,
  type ClaimedRun,
  type StrandedRun,
  toClaimed,
  type WaitingRun,
} from './claimed-run';
import { PostRunEntity } from './entities/post-run.entity';
import { recordRunEvents, type RunEventType } from './post-events.repository';
import type { RunRef } from './submissions.repository';

type Row = Record<string, unknown>;

/** Locks the submission of run `$1`, so its runs settle one at a time (see recordRunEvents). */
const SUBMISSION_OF_RUN_FOR_UPDATE = `SELECT s.id FROM post_submissions s
  JOIN post_runs r ON r.submission_id = s.id WHERE r.id = $1 FOR UPDATE OF s`;

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

  /** True once no run of the submission can change any more. */
  async isSettled(submissionId: string): Promise<boolean> {
    const [row] = await sqlRows(
      this.db,
      `SELECT NOT EXISTS (SELECT 1 FROM post_runs WHERE submission_id = $1 AND status IN ('queued', 'processing')) AS settled`,
      [submissionId],
    );
    return row.settled as boolean;
  }

  /** queued (and due) → processing with a lease; null when another worker has it or it is done. */
  async claimRun(runId: string, leaseMs: number): Promise<ClaimedRun | null> {
    const rows: Row[] = await sqlRows(
      this.db,
      `UPDATE post_runs r SET status = 'processing', attempts = r.attempts + 1,
              lease_expires_at = now() + ($2 || ' milliseconds')::interval,
              publish_started_at = NULL, updated_at = now()
         FROM post_submissions s
        WHERE r.id = $1 AND s.id = r.submission_id AND r.status = 'queued'
          AND s.status IN ('orchestrating', 'dispatched')
          AND (r.next_attempt_at IS NULL OR r.next_attempt_at <= now())
        RETURNING ${CLAIMED_COLUMNS}`,
      [runId, String(leaseMs)],
    );
    return rows[0] ? toClaimed(rows[0]) : null;
  }

  /** Recorded before the irreversible call: from here on, a lost answer means "check first". */
  async markPublishStarted(runId: string): Promise<void> {
    await this.db.query(
      `UPDATE post_runs SET publish_started_at = now() WHERE id = $1 AND status = 'processing'`,
      [runId],
    );
  }

  /** Persists the connector's reversible progress, so a later attempt resumes instead of redoing it. */
  async saveConnectorState(runId: string, state: Record<string, unknown>): Promise<void> {
    await this.db.query(
      `UPDATE post_runs SET connector_state = $2, updated_at = now() WHERE id = $1 AND status = 'processing'`,
      [runId, state],
    );
  }

  /**
   * processing → succeeded, with the platform's id and URL stored at once, and its events
   * (`post.run.succeeded`, maybe `post.completed`) written in the same transaction: the outbox.
   * Returns the run's platform, or null when the run was not processing.
   */
  succeed(runId: string, platformPostId: string, url: string | null): Promise<string | null> {
    return this.settle(
      runId,
      'post.run.succeeded',
      `SET status = 'succeeded', platform_post_id = $2, url = $3, error_code = NULL,
           error_message = NULL, lease_expires_at = NULL, finished_at = now(), updated_at = now()`,
      [runId, platformPostId, url],
    );
  }

  /** processing → failed, with its events; the platform, or null when it was not processing. */
  fail(runId: string, code: string, message: string): Promise<string | null> {
    return this.settle(
      runId,
      'post.run.failed',
      `SET status = 'failed', error_code = $2, error_message = $3, lease_expires_at = NULL,
           finished_at = now(), updated_at = now()`,
      [runId, code, message.slice(0, 2000)],
    );
  }

  /**
   * One terminal transition (`set`, the SET clause of a processing run) and its events, under the
   * submission's row lock, which the same statement takes before it changes the run.
   */
  private settle(
    runId: string,
    type: RunEventType,
    set: string,
    params: unknown[],
  ): Promise<string | null> {
    return this.db.transaction(async (tx) => {
      const [row] = await sqlRows(
        tx,
        `WITH locked AS (${SUBMISSION_OF_RUN_FOR_UPDATE})
         UPDATE post_runs ${set}
          WHERE id = $1 AND status = 'processing' AND EXISTS (SELECT 1 FROM locked)
          RETURNING submission_id, platform`,
        params,
      );
      if (!row) {
        return null;
      }
      await recordRunEvents(tx, row.submission_id as string, [{ runId, type }]);
      return row.platform as string;
    });
  }

  /**
   * processing → queued, due again at `at`; the error is kept so GET shows why it waits. A
   * deferral (quota window, platform still processing) gives the attempt back.
   */
  async retryLater(
    runId: string,
    at: Date,
    code: string,
    message: string,
    spendAttempt: boolean,
  ): Promise<RunRef | null> {
    const rows: Row[] = await sqlRows(
      this.db,
      `UPDATE post_runs SET status = 'queued', next_attempt_at = $2, error_code = $3, error_message = $4,
              attempts = attempts - CASE WHEN $5 THEN 0 ELSE 1 END,
              deferred_since = CASE WHEN $5 THEN deferred_since ELSE COALESCE(deferred_since, now()) END,
              lease_expires_at = NULL, publish_started_at = NULL, updated_at = now()
        WHERE id = $1 AND status = 'processing' RETURNING id, attempts`,
      [runId, at, code, message.slice(0, 2000), spendAttempt],
    );
    return rows[0] ? { id: rows[0].id as string, attempts: rows[0].attempts as number } : null;
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
