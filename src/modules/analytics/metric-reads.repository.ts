import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { Scope } from '../../common/auth/route-auth';
import { sqlRows } from '../../database/sql';
import type { MetricFigures } from '../connectors';
import type { PublishedCursor, PublishedRun } from '../publishing';

/** A published run on the collector's schedule. */
export interface ScheduledRead {
  runId: string;
  platform: string;
  accountId: string;
  platformPostId: string;
  publishedAt: Date;
  nextReadAt: Date | null;
  unavailable: { code: string; reason: string } | null;
}

/** What one read of one run changed: a sample when it was read, else why not, and what next. */
export interface ReadOutcome {
  runId: string;
  sample?: { figures: MetricFigures; raw: Record<string, unknown> };
  unavailable?: { code: string; reason: string };
  nextReadAt: Date | null;
}

type Row = Record<string, unknown>;

const toScheduled = (row: Row): ScheduledRead => ({
  runId: row.run_id as string,
  platform: row.platform as string,
  accountId: row.account_id as string,
  platformPostId: row.platform_post_id as string,
  publishedAt: row.published_at as Date,
  nextReadAt: (row.next_read_at as Date | null) ?? null,
  unavailable: row.unavailable_code
    ? { code: row.unavailable_code as string, reason: row.unavailable_reason as string }
    : null,
});

/** post_metric_reads, the collector's schedule: claims are compare-and-set, like the runs'. */
@Injectable()
export class MetricReadsRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  /** Where importing stopped: the latest published run already scheduled. */
  async latestScheduled(): Promise<PublishedCursor | null> {
    const [row] = await sqlRows<Row>(
      this.db,
      `SELECT run_id, published_at FROM post_metric_reads ORDER BY published_at DESC, run_id DESC LIMIT 1`,
    );
    return row ? { publishedAt: row.published_at as Date, runId: row.run_id as string } : null;
  }

  /** Schedules runs once (a run imported twice keeps its first row). */
  async schedule(runs: { run: PublishedRun; firstReadAt: Date }[]): Promise<void> {
    if (runs.length === 0) {
      return;
    }
    await this.db.query(
      `INSERT INTO post_metric_reads (run_id, user_id, profile_id, submission_id, platform,
              account_id, integration_id, platform_post_id, published_at, next_read_at)
       SELECT * FROM unnest($1::uuid[], $2::uuid[], $3::uuid[], $4::uuid[], $5::text[],
              $6::text[], $7::uuid[], $8::text[], $9::timestamptz[], $10::timestamptz[])
       ON CONFLICT (run_id) DO NOTHING`,
      [
        runs.map(({ run }) => run.runId),
        runs.map(({ run }) => run.userId),
        runs.map(({ run }) => run.profileId),
        runs.map(({ run }) => run.submissionId),
        runs.map(({ run }) => run.platform),
        runs.map(({ run }) => run.accountId),
        runs.map(({ run }) => run.integrationId),
        runs.map(({ run }) => run.platformPostId),
        runs.map(({ run }) => run.publishedAt),
        runs.map(({ firstReadAt }) => firstReadAt),
      ],
    );
  }

  /**
   * Claims every account with reads due and none claimed, until `claimMs` from now: one job per
   * account, never two at once. A claim left by a dead worker lapses.
   */
  async claimDueAccounts(
    claimMs: number,
  ): Promise<{ userId: string; integrationId: string; claimedAt: Date }[]> {
    const rows = await sqlRows<Row>(
      this.db,
      `UPDATE post_metric_reads r SET claimed_until = now() + $1 * interval '1 millisecond'
        WHERE r.next_read_at <= now()
          AND NOT EXISTS (SELECT 1 FROM post_metric_reads c
                           WHERE c.integration_id = r.integration_id AND c.claimed_until > now())
          AND NOT EXISTS (SELECT 1 FROM metric_read_pauses p
                           WHERE p.integration_id = r.integration_id AND p.paused_until > now())
        RETURNING r.user_id, r.integration_id, now() AS claimed_at`,
      [claimMs],
    );
    const byAccount = new Map(rows.map((row) => [row.integration_id as string, row]));
    return [...byAccount.values()].map((row) => ({
      userId: row.user_id as string,
      integrationId: row.integration_id as string,
      claimedAt: row.claimed_at as Date,
    }));
  }

  /** The account's due reads, oldest first. */
  async dueFor(userId: string, integrationId: string, limit: number): Promise<ScheduledRead[]> {
    const rows = await sqlRows<Row>(
      this.db,
      `SELECT * FROM post_metric_reads
        WHERE user_id = $1 AND integration_id = $2 AND next_read_at <= now()
        ORDER BY next_read_at LIMIT $3`,
      [userId, integrationId, limit],
    );
    return rows.map(toScheduled);
  }

  /** Records one read of several runs in one transaction: samples, reasons, next reads. */
  async record(userId: string, outcomes: ReadOutcome[]): Promise<void> {
    await this.db.transaction(async (tx) => {
      const read = outcomes.filter((outcome) => outcome.sample);
      if (read.length > 0) {
        await tx.query(
          `INSERT INTO post_metric_samples (run_id, user_id, figures, raw)
           SELECT run_id, $1, figures, raw FROM unnest($2::uuid[], $3::jsonb[], $4::jsonb[])
             AS t(run_id, figures, raw)`,
          [
            userId,
            read.map((o) => o.runId),
            read.map((o) => JSON.stringify(o.sample!.figures)),
            read.map((o) => JSON.stringify(o.sample!.raw)),
          ],
        );
      }
      await tx.query(
        `UPDATE post_metric_reads r
            SET next_read_at = t.next_read_at,
                reads_done = r.reads_done + CASE WHEN t.was_read THEN 1 ELSE 0 END,
                unavailable_code = CASE WHEN t.was_read THEN NULL ELSE t.code END,
                unavailable_reason = CASE WHEN t.was_read THEN NULL ELSE t.reason END
           FROM unnest($2::uuid[], $3::timestamptz[], $4::boolean[], $5::text[], $6::text[])
             AS t(run_id, next_read_at, was_read, code, reason)
          WHERE r.run_id = t.run_id AND r.user_id = $1`,
        [
          userId,
          outcomes.map((o) => o.runId),
          outcomes.map((o) => o.nextReadAt),
          outcomes.map((o) => o.sample !== undefined),
          outcomes.map((o) => o.unavailable?.code ?? null),
          outcomes.map((o) => o.unavailable?.reason ?? null),
        ],
      );
    });
  }

  /**
   * Moves the account's due reads to `until` (a rate-limit window, a failed read) and pauses the
   * account until then, so that its runs published meanwhile are not read inside the window.
   */
  async postpone(userId: string, integrationId: string, runIds: string[], until: Date) {
    await this.db.transaction(async (tx) => {
      await tx.query(
        `UPDATE post_metric_reads SET next_read_at = $4
          WHERE user_id = $1 AND integration_id = $2 AND run_id = ANY($3::uuid[])`,
        [userId, integrationId, runIds, until],
      );
      await tx.query(
        `INSERT INTO metric_read_pauses (integration_id, user_id, paused_until) VALUES ($2, $1, $3)
         ON CONFLICT (integration_id) DO UPDATE
           SET paused_until = GREATEST(metric_read_pauses.paused_until, EXCLUDED.paused_until)
           WHERE metric_read_pauses.user_id = EXCLUDED.user_id`,
        [userId, integrationId, until],
      );
    });
  }

  async release(userId: string, integrationId: string): Promise<void> {
    await this.db.query(
      `UPDATE post_metric_reads SET claimed_until = NULL WHERE user_id = $1 AND integration_id = $2`,
      [userId, integrationId],
    );
  }

  async scheduledOf(scope: Scope, runIds: string[]): Promise<ScheduledRead[]> {
    const rows = await sqlRows<Row>(
      this.db,
      `SELECT * FROM post_metric_reads
        WHERE user_id = $1 AND profile_id = $2 AND run_id = ANY($3::uuid[])`,
      [scope.userId, scope.profileId, runIds],
    );
    return rows.map(toScheduled);
  }
}
