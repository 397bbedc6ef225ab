import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { Scope } from '../../../common/auth/route-auth';
import { DataSource } from 'typeorm';
import { recordEvents } from '../../../database/outbox';
import { sqlRows } from '../../../database/sql';
import { loadPostView } from '../post-events.repository';
import type { ClaimedDeletion, RunDeletionView } from './run-deletion';
import { loadDeletionViews } from './deletion-views';

type Row = Record<string, unknown>;

export type DeletionRequestResult =
  | { result: 'not_found' | 'not_settled' | 'not_published' }
  | { result: 'requested'; pending: { runId: string; attempts: number }[] };

/** Which runs may be asked about; the platform's support is decided by the caller. */
export interface DeletionAsk {
  unsupported: (platform: string) => string | null;
}

/**
 * post_run_deletions: a published run's way down from its platform. Every transition is a
 * compare-and-set from `pending`, so a duplicate or late job changes nothing, and a row that is
 * `deleted` is never sent to the platform again.
 */
@Injectable()
export class RunDeletionsRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  /**
   * Under the submission's row lock: refuses a post that is still publishing or never published;
   * otherwise each succeeded run gets its deletion (`unsupported` at once where the platform has
   * no delete endpoint), a failed deletion is asked again, and the others are left as they are.
   */
  request(scope: Scope, submissionId: string, ask: DeletionAsk): Promise<DeletionRequestResult> {
    const { userId, profileId } = scope;
    return this.db.transaction(async (tx) => {
      const [submission] = await sqlRows(
        tx,
        `SELECT id FROM post_submissions
          WHERE id = $1 AND user_id = $2 AND profile_id = $3 FOR UPDATE`,
        [submissionId, userId, profileId],
      );
      if (!submission) {
        return { result: 'not_found' };
      }
      const runs = await sqlRows(
        tx,
        `SELECT id, platform, status, platform_post_id FROM post_runs WHERE submission_id = $1 AND user_id = $2`,
        [submissionId, userId],
      );
      if (runs.some((run) => run.status === 'queued' || run.status === 'processing')) {
        return { result: 'not_settled' };
      }
      const published = runs.filter((run) => run.status === 'succeeded' && run.platform_post_id);
      if (published.length === 0) {
        return { result: 'not_published' };
      }
      const reasons = published.map((run) => ask.unsupported(run.platform as string));
      await tx.query(
        `INSERT INTO post_run_deletions (run_id, submission_id, user_id, status, error_code, error_message, finished_at)
         SELECT r.id, $1, $2, CASE WHEN r.reason IS NULL THEN 'pending' ELSE 'unsupported' END,
                CASE WHEN r.reason IS NULL THEN NULL ELSE 'deletion_unsupported' END, r.reason,
                CASE WHEN r.reason IS NULL THEN NULL ELSE now() END
           FROM unnest($3::uuid[], $4::text[]) AS r(id, reason)
         ON CONFLICT (run_id) DO UPDATE SET status = 'pending', attempts = 0, next_attempt_at = NULL,
                lease_expires_at = NULL, error_code = NULL, error_message = NULL, finished_at = NULL,
                requested_at = now(), updated_at = now()
          WHERE post_run_deletions.status = 'failed'`,
        [submissionId, userId, published.map((run) => run.id), reasons],
      );
      const pending = await sqlRows(
        tx,
        `SELECT run_id, attempts FROM post_run_deletions WHERE submission_id = $1 AND status = 'pending'`,
        [submissionId],
      );
      return {
        result: 'requested',
        pending: pending.map((row) => ({
          runId: row.run_id as string,
          attempts: row.attempts as number,
        })),
      };
    });
  }

  /** The deletions of these submissions' runs by run id, for their views. */
  viewsOf(submissionIds: string[]): Promise<Map<string, RunDeletionView>> {
    return loadDeletionViews(this.db, submissionIds);
  }

  /** pending (due, and not held by a live lease) → held for `leaseMs`, one attempt spent. */
  async claim(runId: string, leaseMs: number): Promise<ClaimedDeletion | null> {
    const [row] = await sqlRows(
      this.db,
      `UPDATE post_run_deletions d SET attempts = d.attempts + 1, updated_at = now(),
              lease_expires_at = now() + ($2 || ' milliseconds')::interval
         FROM post_runs r
        WHERE d.run_id = $1 AND r.id = d.run_id AND d.status = 'pending'
          AND (d.next_attempt_at IS NULL OR d.next_attempt_at <= now())
          AND (d.lease_expires_at IS NULL OR d.lease_expires_at < now())
        RETURNING d.run_id, d.submission_id, d.user_id, d.attempts, r.platform, r.integration_id,
                  r.platform_post_id`,
      [runId, String(leaseMs)],
    );
    return row
      ? {
          runId: row.run_id as string,
          submissionId: row.submission_id as string,
          userId: row.user_id as string,
          attempts: row.attempts as number,
          platform: row.platform as string,
          integrationId: row.integration_id as string,
          platformPostId: row.platform_post_id as string,
        }
      : null;
  }

  /** pending → deleted, with `post.run.deleted` in the same transaction. */
  deleted(deletion: ClaimedDeletion): Promise<boolean> {
    return this.finish(deletion, 'deleted', null, null);
  }

  /** pending → failed, with `post.run.delete_failed` in the same transaction. */
  failed(deletion: ClaimedDeletion, code: string, message: string): Promise<boolean> {
    return this.finish(deletion, 'failed', code, message.slice(0, 2000));
  }

  /** Released for another attempt at `at`; the error stays visible meanwhile. */
  async retryLater(runId: string, at: Date, code: string, message: string): Promise<boolean> {
    const rows = await sqlRows(
      this.db,
      `UPDATE post_run_deletions SET next_attempt_at = $2, error_code = $3, error_message = $4,
              lease_expires_at = NULL, updated_at = now()
        WHERE run_id = $1 AND status = 'pending' RETURNING run_id`,
      [runId, at, code, message.slice(0, 2000)],
    );
    return rows.length > 0;
  }

  /**
   * Pending deletions the queue may have lost: due and idle longer than `idleMs`, or held by a
   * lease that lapsed (the worker died mid-call).
   */
  async waiting(idleMs: number, limit: number): Promise<{ runId: string; attempts: number }[]> {
    const rows: Row[] = await sqlRows(
      this.db,
      `SELECT run_id, attempts FROM post_run_deletions
        WHERE status = 'pending' AND (next_attempt_at IS NULL OR next_attempt_at <= now())
          AND (lease_expires_at < now()
               OR (lease_expires_at IS NULL AND updated_at < now() - ($1 || ' milliseconds')::interval))
        ORDER BY updated_at LIMIT $2`,
      [String(idleMs), limit],
    );
    return rows.map((row) => ({ runId: row.run_id as string, attempts: row.attempts as number }));
  }

  private finish(
    deletion: ClaimedDeletion,
    status: 'deleted' | 'failed',
    code: string | null,
    message: string | null,
  ): Promise<boolean> {
    return this.db.transaction(async (tx) => {
      await tx.query(`SELECT id FROM post_submissions WHERE id = $1 FOR UPDATE`, [
        deletion.submissionId,
      ]);
      const rows = await sqlRows(
        tx,
        `UPDATE post_run_deletions SET status = $2, error_code = $3, error_message = $4,
                lease_expires_at = NULL, next_attempt_at = NULL, finished_at = now(), updated_at = now()
          WHERE run_id = $1 AND status = 'pending' RETURNING run_id`,
        [deletion.runId, status, code, message],
      );
      if (rows.length === 0) {
        return false;
      }
      const view = await loadPostView(tx, deletion.submissionId);
      if (view) {
        await recordEvents(tx, [
          {
            type: status === 'deleted' ? 'post.run.deleted' : 'post.run.delete_failed',
            userId: view.userId,
            profileId: view.profileId,
            data: { ...view.post, runId: deletion.runId },
          },
        ]);
      }
      return true;
    });
  }
}
