import { Injectable } from '@nestjs/common';
import { sqlRows } from '../../database/sql';
import type { Transaction } from '../../database/transaction';
import { recordTerminalRunEvents, type TerminalRun } from './post-events.repository';
import { openSubmissions } from './run-part';

/** How one publish attempt ends for its run. */
export type RunSettle =
  | { runId: string; to: 'succeeded'; platformPostId: string; url: string | null }
  | { runId: string; to: 'failed'; code: string; message: string }
  | {
      runId: string;
      to: 'queued';
      at: Date;
      code: string;
      message: string;
      /** false for a deferral, which gives the attempt back. */
      spendAttempt: boolean;
    };

/** A settle that took effect: the run was processing. */
export interface SettledRun {
  id: string;
  platform: string;
  attempts: number;
  submissionId: string;
  /**
   * True when nothing of the submission is left to publish: no run queued or processing, no
   * succeeded run's parts still open (its media may go).
   */
  submissionSettled: boolean;
}

type Row = Record<string, unknown>;

/** Locks the submissions of runs `$1` in id order, so two batches never wait on each other. */
const LOCK_SUBMISSIONS_OF_RUNS = `SELECT s.id FROM post_submissions s
  WHERE s.id IN (SELECT submission_id FROM post_runs WHERE id = ANY($1::uuid[]))
  ORDER BY s.id FOR UPDATE`;

/** processing → succeeded or failed, for each row of the unnest; a failure keeps the post id. */
const FINISH_RUNS = `UPDATE post_runs r SET status = v.status,
       platform_post_id = CASE WHEN v.status = 'succeeded' THEN v.platform_post_id ELSE r.platform_post_id END,
       url = CASE WHEN v.status = 'succeeded' THEN v.url ELSE r.url END,
       error_code = v.error_code, error_message = v.error_message,
       lease_expires_at = NULL, finished_at = now(), updated_at = now()
  FROM unnest($1::uuid[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[])
       AS v(id, status, platform_post_id, url, error_code, error_message)
 WHERE r.id = v.id AND r.status = 'processing'
 RETURNING r.id, r.submission_id, r.platform, r.attempts`;

/** processing → queued, due again at `next_attempt_at`; a deferral gives the attempt back. */
const REQUEUE_RUNS = `UPDATE post_runs r SET status = 'queued', next_attempt_at = v.at,
       error_code = v.error_code, error_message = v.error_message,
       attempts = r.attempts - CASE WHEN v.spend THEN 0 ELSE 1 END,
       deferred_since = CASE WHEN v.spend THEN r.deferred_since ELSE COALESCE(r.deferred_since, now()) END,
       lease_expires_at = NULL, publish_started_at = NULL, updated_at = now()
  FROM unnest($1::uuid[], $2::timestamptz[], $3::text[], $4::text[], $5::boolean[])
       AS v(id, at, error_code, error_message, spend)
 WHERE r.id = v.id AND r.status = 'processing'
 RETURNING r.id, r.submission_id, r.platform, r.attempts`;

const message = (text: string) => text.slice(0, 2000);

/**
 * The ends of many publish attempts in one transaction: the submissions of the runs that finish
 * locked in id order, each run's compare-and-set (only a processing run changes), and the events
 * of the finished ones in one insert (the outbox). A run named twice settles at most once.
 */
@Injectable()
export class RunSettlesRepository {
  /**
   * What took effect, in `settles` order; null where the run was not processing. `withParts`:
   * the submissions that have parts, whose succeeded runs publish more after they settle.
   */
  async settleRuns(
    tx: Transaction,
    settles: RunSettle[],
    withParts: ReadonlySet<string> = new Set(),
  ): Promise<(SettledRun | null)[]> {
    const seen = new Set<string>();
    // A repeat finds the run no longer processing, whichever way the first one went.
    const firsts = settles.filter((settle) => !seen.has(settle.runId) && seen.add(settle.runId));
    const finishing = firsts.filter((settle) => settle.to !== 'queued');
    const requeued = firsts.filter((settle) => settle.to === 'queued');
    const finished = await this.finish(tx, finishing);
    const queued = await this.requeue(tx, requeued);
    const settled = await recordTerminalRunEvents(
      tx,
      finished.map((row): TerminalRun => ({
        runId: row.id as string,
        submissionId: row.submission_id as string,
        type:
          finishing.find((one) => one.runId === row.id)!.to === 'succeeded'
            ? 'post.run.succeeded'
            : 'post.run.failed',
      })),
    );
    const mayHaveOpenParts = [...settled].filter((id) => withParts.has(id));
    const open = new Set(
      mayHaveOpenParts.length > 0 ? await openSubmissions(tx, mayHaveOpenParts) : [],
    );
    const byId = new Map([...finished, ...queued].map((row) => [row.id as string, row]));
    return settles.map((settle, i) => {
      const row = byId.get(settle.runId);
      if (!row || settles.findIndex((one) => one.runId === settle.runId) !== i) {
        return null;
      }
      const submissionId = row.submission_id as string;
      return {
        id: settle.runId,
        platform: row.platform as string,
        attempts: row.attempts as number,
        submissionId,
        submissionSettled: settled.has(submissionId) && !open.has(submissionId),
      };
    });
  }

  private async finish(tx: Transaction, settles: RunSettle[]): Promise<Row[]> {
    if (settles.length === 0) {
      return [];
    }
    const ids = settles.map((settle) => settle.runId);
    await tx.query(LOCK_SUBMISSIONS_OF_RUNS, [ids]);
    return sqlRows(tx, FINISH_RUNS, [
      ids,
      settles.map((settle) => settle.to),
      settles.map((settle) => (settle.to === 'succeeded' ? settle.platformPostId : null)),
      settles.map((settle) => (settle.to === 'succeeded' ? settle.url : null)),
      settles.map((settle) => (settle.to === 'failed' ? settle.code : null)),
      settles.map((settle) => (settle.to === 'failed' ? message(settle.message) : null)),
    ]);
  }

  private requeue(tx: Transaction, settles: RunSettle[]): Promise<Row[]> {
    const queued = settles.filter((settle) => settle.to === 'queued');
    if (queued.length === 0) {
      return Promise.resolve([]);
    }
    return sqlRows(tx, REQUEUE_RUNS, [
      queued.map((settle) => settle.runId),
      queued.map((settle) => settle.at),
      queued.map((settle) => settle.code),
      queued.map((settle) => message(settle.message)),
      queued.map((settle) => settle.spendAttempt),
    ]);
  }
}
