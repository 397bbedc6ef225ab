import { Injectable } from '@nestjs/common';
import { SokuMetrics } from '../../infra/metrics/soku-metrics';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { sqlRows } from '../../database/sql';
import type { PostContent } from '../connectors/post-content';
import { recordRunEvents } from './post-events';

/** A run claimed by a worker, with what it needs to publish. */
export interface ClaimedRun {
  id: string;
  submissionId: string;
  userId: string;
  platform: string;
  accountId: string;
  integrationId: string;
  attempts: number;
  content: PostContent;
  mediaType: 'text' | 'image' | 'video';
  enableRepurposing: boolean;
  connectorState: Record<string, unknown>;
  /** When the run was first deferred (null if never). */
  deferredSince: Date | null;
  /** The submission's stored media, in post order. */
  mediaIds: string[];
}

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

/** A queued run, with how long it has waited since its last change (for the reconciler). */
export interface WaitingRun extends RunRef {
  waitedMs: number;
}

/** A run whose worker's lease ran out, for the reconciler to recover. */
export interface StrandedRun extends ClaimedRun {
  publishStarted: boolean;
}

type Row = Record<string, unknown>;

/** Locks the submission of run `$1`, so its runs settle one at a time (see recordRunEvents). */
const SUBMISSION_OF_RUN_FOR_UPDATE = `SELECT s.id FROM post_submissions s
  JOIN post_runs r ON r.submission_id = s.id WHERE r.id = $1 FOR UPDATE OF s`;

const CLAIMED_COLUMNS = `r.id, r.submission_id, r.user_id, r.platform, r.account_id, r.integration_id,
  r.attempts, r.connector_state, r.deferred_since, s.content, s.media_type, s.enable_repurposing, s.media_ids`;

function toClaimed(row: Row): ClaimedRun {
  return {
    id: row.id as string,
    submissionId: row.submission_id as string,
    userId: row.user_id as string,
    platform: row.platform as string,
    accountId: row.account_id as string,
    integrationId: row.integration_id as string,
    attempts: row.attempts as number,
    content: row.content as PostContent,
    mediaType: row.media_type as ClaimedRun['mediaType'],
    enableRepurposing: row.enable_repurposing as boolean,
    connectorState: row.connector_state as Record<string, unknown>,
    deferredSince: (row.deferred_since as Date | null) ?? null,
    mediaIds: (row.media_ids as string[] | null) ?? [],
  };
}

/**
 * The publish state machine's transitions, each one atomic compare-and-set SQL. Whatever the
 * queue delivers, twice or late, only a transition from the expected state takes effect: this is
 * what makes every job idempotent and a run publish at most once per claim.
 */
@Injectable()
export class PostLifecycleService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly metrics: SokuMetrics,
  ) {}

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

  /** Fails every queued run of a submission at once (its media could not be imported). */
  async failQueuedRuns(submissionId: string, code: string, message: string): Promise<void> {
    await this.db.transaction(async (em) => {
      await em.query(`SELECT id FROM post_submissions WHERE id = $1 FOR UPDATE`, [submissionId]);
      const failed: Row[] = await sqlRows(
        em,
        `UPDATE post_runs SET status = 'failed', error_code = $2, error_message = $3, finished_at = now(), updated_at = now()
          WHERE submission_id = $1 AND status = 'queued' RETURNING id`,
        [submissionId, code, message.slice(0, 2000)],
      );
      await recordRunEvents(
        em,
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
   */
  async succeed(runId: string, platformPostId: string, url: string | null): Promise<boolean> {
    return this.settle(
      runId,
      'post.run.succeeded',
      `SET status = 'succeeded', platform_post_id = $2, url = $3, error_code = NULL,
           error_message = NULL, lease_expires_at = NULL, finished_at = now(), updated_at = now()`,
      [runId, platformPostId, url],
    );
  }

  async fail(runId: string, code: string, message: string): Promise<void> {
    await this.settle(
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
  private async settle(
    runId: string,
    type: 'post.run.succeeded' | 'post.run.failed',
    set: string,
    params: unknown[],
  ): Promise<boolean> {
    const platform = await this.db.transaction(async (em) => {
      const [row] = await sqlRows(
        em,
        `WITH locked AS (${SUBMISSION_OF_RUN_FOR_UPDATE})
         UPDATE post_runs ${set}
          WHERE id = $1 AND status = 'processing' AND EXISTS (SELECT 1 FROM locked)
          RETURNING submission_id, platform`,
        params,
      );
      if (!row) {
        return null;
      }
      await recordRunEvents(em, row.submission_id as string, [{ runId, type }]);
      return row.platform as string;
    });
    if (platform === null) {
      return false;
    }
    this.metrics.runsFinished.inc({
      platform,
      outcome: type === 'post.run.succeeded' ? 'succeeded' : 'failed',
    });
    return true;
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
    spendAttempt = true,
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
