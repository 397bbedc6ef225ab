import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { recordEvents } from '../../database/outbox';
import { sqlRows } from '../../database/sql';
import type { Transaction } from '../../database/transaction';
import type { PlannedPart, PostContent } from '../connectors';
import { loadPostView } from './post-events.repository';
import { openSubmissions, partsOfRuns, type PartsRun, type RunPart, toRunPart } from './run-part';

type Row = Record<string, unknown>;

/**
 * post_run_parts: each part's transitions as compare-and-set SQL, like a run's. A part is
 * claimed with a lease; `publish_started_at` is set before its irreversible call, so whoever
 * takes a part over after a crash asks the platform before sending it again.
 */
@Injectable()
export class RunPartsRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  partsOf(runIds: string[]): Promise<RunPart[]> {
    return partsOfRuns(this.db, runIds);
  }

  /** A succeeded run whose parts are not all settled; null for any other run. */
  async openRun(runId: string): Promise<PartsRun | null> {
    const [row] = await sqlRows(
      this.db,
      `SELECT r.id, r.submission_id, r.user_id, s.profile_id, r.platform, r.integration_id, r.account_id,
              r.platform_post_id, s.content, s.media_ids
         FROM post_runs r JOIN post_submissions s ON s.id = r.submission_id
        WHERE r.id = $1 AND r.status = 'succeeded' AND r.parts_settled_at IS NULL`,
      [runId],
    );
    return row
      ? {
          id: row.id as string,
          submissionId: row.submission_id as string,
          userId: row.user_id as string,
          profileId: row.profile_id as string,
          platform: row.platform as string,
          integrationId: row.integration_id as string,
          accountId: row.account_id as string,
          postId: row.platform_post_id as string,
          content: row.content as PostContent,
          mediaIds: (row.media_ids as string[] | null) ?? [],
        }
      : null;
  }

  /** The run's part rows, created on first need: a second call creates none. */
  async ensureParts(runId: string, planned: PlannedPart[]): Promise<RunPart[]> {
    if (planned.length > 0) {
      await this.db.query(
        `INSERT INTO post_run_parts (run_id, position, kind, text)
         SELECT $1, * FROM unnest($2::int[], $3::text[], $4::text[])
         ON CONFLICT (run_id, position) DO NOTHING`,
        [
          runId,
          planned.map((part) => part.position),
          planned.map((part) => part.kind),
          planned.map((part) => part.text),
        ],
      );
    }
    return this.partsOf([runId]);
  }

  /**
   * queued (and due), or processing past its lease (its worker died) → processing under a new
   * lease. The started mark is kept: it says whether the last holder may have sent the part.
   */
  async claim(partId: string, leaseMs: number): Promise<RunPart | null> {
    const [row] = await sqlRows(
      this.db,
      `UPDATE post_run_parts SET status = 'processing', attempts = attempts + 1,
              lease_expires_at = now() + ($2 || ' milliseconds')::interval, updated_at = now()
        WHERE id = $1 AND ((status = 'queued' AND (next_attempt_at IS NULL OR next_attempt_at <= now()))
              OR (status = 'processing' AND lease_expires_at < now()))
        RETURNING *`,
      [partId, String(leaseMs)],
    );
    return row ? toRunPart(row) : null;
  }

  /** Recorded before the irreversible call; returns the mark. */
  async markStarted(partId: string): Promise<Date> {
    const [row] = await sqlRows(
      this.db,
      `UPDATE post_run_parts SET publish_started_at = COALESCE(publish_started_at, now())
        WHERE id = $1 AND status = 'processing' RETURNING publish_started_at`,
      [partId],
    );
    return (row?.publish_started_at as Date | undefined) ?? new Date();
  }

  /** What the connector made so far, kept while the part is being published. */
  async saveConnectorState(partId: string, state: Record<string, unknown>): Promise<void> {
    await this.db.query(
      `UPDATE post_run_parts SET connector_state = $2, updated_at = now()
        WHERE id = $1 AND status = 'processing'`,
      [partId, state],
    );
  }

  async succeed(partId: string, platformPostId: string, url: string | null): Promise<boolean> {
    const rows = await sqlRows(
      this.db,
      `UPDATE post_run_parts SET status = 'succeeded', platform_post_id = $2, url = $3,
              error_code = NULL, error_message = NULL, lease_expires_at = NULL,
              finished_at = now(), updated_at = now()
        WHERE id = $1 AND status = 'processing' RETURNING id`,
      [partId, platformPostId, url],
    );
    return rows.length > 0;
  }

  /** Back to queued until `at`, the error kept so GET shows why it waits. */
  async retryLater(partId: string, at: Date, code: string, message: string): Promise<boolean> {
    const rows = await sqlRows(
      this.db,
      `UPDATE post_run_parts SET status = 'queued', next_attempt_at = $2, error_code = $3,
              error_message = $4, lease_expires_at = NULL, publish_started_at = NULL, updated_at = now()
        WHERE id = $1 AND status = 'processing' RETURNING id`,
      [partId, at, code, message.slice(0, 2000)],
    );
    return rows.length > 0;
  }

  /**
   * processing → failed, and every later part of the run with it (a thread cannot go on past a
   * missing part), with one `post.run.part_failed` event in the same transaction.
   */
  async fail(run: PartsRun, part: RunPart, code: string, message: string): Promise<void> {
    await this.db.transaction(async (tx) => {
      const failed = await sqlRows(
        tx,
        `UPDATE post_run_parts SET status = 'failed', error_code = $2, error_message = $3,
                lease_expires_at = NULL, finished_at = now(), updated_at = now()
          WHERE id = $1 AND status = 'processing' RETURNING id`,
        [part.id, code, message.slice(0, 2000)],
      );
      if (failed.length === 0) {
        return;
      }
      await tx.query(
        `UPDATE post_run_parts SET status = 'failed', error_code = 'previous_part_failed',
                error_message = $3, finished_at = now(), updated_at = now()
          WHERE run_id = $1 AND position > $2 AND status = 'queued'`,
        [run.id, part.position, `Part ${part.position} failed, so this part was not published`],
      );
      const view = await loadPostView(tx, run.submissionId);
      if (view) {
        await recordEvents(tx, [
          {
            type: 'post.run.part_failed',
            userId: view.userId,
            profileId: view.profileId,
            data: { ...view.post, runId: run.id, partPosition: part.position },
          },
        ]);
      }
    });
  }

  /**
   * Marks the run's parts done once none can change any more; true when that leaves nothing of
   * its submission to publish (no run open, no run's parts open), so its media may go. The
   * submission is locked first, as a run's settle does, so the last of the two sees the other.
   */
  async settleRun(tx: Transaction, run: PartsRun): Promise<boolean> {
    await tx.query(`SELECT id FROM post_submissions WHERE id = $1 FOR UPDATE`, [run.submissionId]);
    const settled = await sqlRows(
      tx,
      `UPDATE post_runs SET parts_settled_at = now()
        WHERE id = $1 AND parts_settled_at IS NULL AND NOT EXISTS (
          SELECT 1 FROM post_run_parts WHERE run_id = $1 AND status IN ('queued', 'processing'))
        RETURNING id`,
      [run.id],
    );
    return settled.length > 0 && (await openSubmissions(tx, [run.submissionId])).length === 0;
  }

  /**
   * Succeeded runs with parts to publish that nothing is working on: none processing under a
   * live lease, nothing changed for `idleMs` (a lost enqueue, a crash between two parts).
   */
  async idleOpenRuns(idleMs: number, limit: number): Promise<{ id: string; waitedMs: number }[]> {
    const rows: Row[] = await sqlRows(
      this.db,
      `SELECT r.id, (EXTRACT(EPOCH FROM now() - GREATEST(r.finished_at, p.touched)) * 1000)::bigint AS waited_ms
         FROM post_submissions s
         JOIN post_runs r ON r.submission_id = s.id
         LEFT JOIN LATERAL (SELECT max(updated_at) AS touched,
                bool_or(status = 'processing' AND lease_expires_at >= now()) AS leased,
                bool_or(status = 'queued' AND next_attempt_at > now()) AS waiting
           FROM post_run_parts WHERE run_id = r.id) p ON true
        WHERE (s.content ? 'thread' OR s.content ? 'firstComment')
          AND r.status = 'succeeded' AND r.parts_settled_at IS NULL
          AND p.leased IS NOT TRUE AND p.waiting IS NOT TRUE
          AND GREATEST(r.finished_at, p.touched) < now() - ($1 || ' milliseconds')::interval
        LIMIT $2`,
      [String(idleMs), limit],
    );
    return rows.map((row) => ({ id: row.id as string, waitedMs: Number(row.waited_ms) }));
  }

  /** The platform ids of a run's published parts, last first (the order to delete them in). */
  async publishedPartIds(userId: string, runId: string): Promise<string[]> {
    const rows = await sqlRows(
      this.db,
      `SELECT p.platform_post_id FROM post_run_parts p JOIN post_runs r ON r.id = p.run_id
        WHERE r.user_id = $1 AND p.run_id = $2 AND p.status = 'succeeded'
        ORDER BY p.position DESC`,
      [userId, runId],
    );
    return rows.map((row) => row.platform_post_id as string);
  }
}
