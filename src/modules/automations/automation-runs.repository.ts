import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import { sqlRows } from '../../database/sql';
import type { Scope } from '../../common/auth/route-auth';
import type { AutomationAction } from './automation-action';
import type { RunStatus } from './automation-run';

/** A run claimed by a worker, with its rule and the published run it reacts to. */
export interface ClaimedAutomationRun {
  id: string;
  /** The automation's owner and profile: the run acts there only. */
  scope: Scope;
  attempts: number;
  eventId: string;
  automation: { id: string; enabled: boolean; action: AutomationAction };
  origin: {
    submissionId: string;
    runId: string;
    platform: string;
    accountId: string;
    url: string | null;
    content: Record<string, unknown>;
    mediaIds: string[] | null;
    chain: string[];
  };
}

/** `succeedWith`'s rollback when the run was finished by someone else first. */
class AlreadyFinished extends Error {}

/**
 * The runs' life on workers: started by the outbox relay, claimed, finished or released. Scans
 * are system-wide (the worker serves every user); everything else is by run id.
 */
@Injectable()
export class AutomationRunsRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  /**
   * The runs of the automations that `eventIds` trigger (those of the event's profile), inside
   * the relay's transaction. A
   * published run triggers a rule on its platform (and account) when its submission came from
   * the API with enableRepurposing, or from another automation (unless the rule wants the flag);
   * never a rule already in the submission's chain, and never past the depth limit.
   */
  async startRuns(em: EntityManager, eventIds: string[], maxDepth: number): Promise<string[]> {
    const rows = await sqlRows<{ id: string }>(
      em,
      `INSERT INTO automation_runs (automation_id, user_id, event_id, origin_submission_id, origin_run_id)
       SELECT a.id, a.user_id, ev.id, s.id, r.id FROM events ev
         JOIN post_runs r ON r.id = (ev.data->>'runId')::uuid
         JOIN post_submissions s ON s.id = r.submission_id
         JOIN automations a ON a.user_id = ev.user_id AND a.profile_id = ev.profile_id AND a.enabled
                           AND a.trigger_platform = r.platform
                           AND (a.trigger_account_id IS NULL OR a.trigger_account_id = r.account_id)
        WHERE ev.id = ANY($1) AND ev.type = 'post.run.succeeded'
          AND (s.enable_repurposing OR (cardinality(s.automation_chain) > 0 AND NOT a.only_repurposing))
          AND NOT (a.id = ANY(s.automation_chain))
          AND cardinality(s.automation_chain) < $2
       ON CONFLICT DO NOTHING RETURNING id`,
      [eventIds, maxDepth],
    );
    return rows.map((row) => row.id);
  }

  /**
   * Pending runs whose job was lost (a crash, a Redis flush): never claimed and idle for
   * `idleMs`, or claimed by a worker whose lease ran out.
   */
  async idleRuns(idleMs: number, limit: number): Promise<string[]> {
    const rows = await sqlRows<{ id: string }>(
      this.db,
      `SELECT id FROM automation_runs WHERE status = 'pending' AND origin_run_id IS NOT NULL
          AND CASE WHEN lease_expires_at IS NULL
                   THEN updated_at < now() - ($1 || ' milliseconds')::interval
                   ELSE lease_expires_at < now() END
        ORDER BY updated_at LIMIT $2`,
      [String(idleMs), limit],
    );
    return rows.map((row) => row.id);
  }

  /**
   * Takes a pending run for `leaseMs` (none while another worker's lease holds), with its rule
   * and the published run that triggered it; null when it is finished or held.
   */
  async claim(runId: string, leaseMs: number): Promise<ClaimedAutomationRun | null> {
    const [row] = await sqlRows(
      this.db,
      `UPDATE automation_runs ar SET attempts = ar.attempts + 1, updated_at = now(),
              lease_expires_at = now() + ($2 || ' milliseconds')::interval
         FROM automations a, post_runs r, post_submissions s
        WHERE ar.id = $1 AND ar.status = 'pending'
          AND (ar.lease_expires_at IS NULL OR ar.lease_expires_at < now())
          AND a.id = ar.automation_id AND r.id = ar.origin_run_id AND s.id = r.submission_id
        RETURNING ar.id, ar.user_id, a.profile_id, ar.attempts, ar.event_id, a.id AS automation_id,
                  a.enabled,
                  a.action, s.id AS submission_id, r.id AS run_id, r.platform, r.account_id, r.url,
                  s.content, s.media_ids, s.automation_chain`,
      [runId, String(leaseMs)],
    );
    if (!row) {
      return null;
    }
    return {
      id: row.id as string,
      scope: { userId: row.user_id as string, profileId: row.profile_id as string },
      attempts: row.attempts as number,
      eventId: row.event_id as string,
      automation: {
        id: row.automation_id as string,
        enabled: row.enabled as boolean,
        action: row.action as AutomationAction,
      },
      origin: {
        submissionId: row.submission_id as string,
        runId: row.run_id as string,
        platform: row.platform as string,
        accountId: row.account_id as string,
        url: row.url as string | null,
        content: row.content as Record<string, unknown>,
        mediaIds: row.media_ids as string[] | null,
        chain: row.automation_chain as string[],
      },
    };
  }

  /**
   * The accounts (`platform:accountId`) the chain of posts ending with `submissionId` was
   * published to: a repost never goes back to one of them.
   */
  async chainAccounts(submissionId: string): Promise<Set<string>> {
    const rows = await sqlRows<{ account: string }>(
      this.db,
      `WITH RECURSIVE chain (id, depth) AS (
         SELECT $1::uuid, 0
         UNION ALL
         SELECT s.origin_submission_id, c.depth + 1 FROM chain c
           JOIN post_submissions s ON s.id = c.id
          WHERE s.origin_submission_id IS NOT NULL AND c.depth < 20)
       SELECT DISTINCT r.platform || ':' || r.account_id AS account
         FROM chain c JOIN post_runs r ON r.submission_id = c.id`,
      [submissionId],
    );
    return new Set(rows.map((row) => row.account));
  }

  /**
   * pending → a final status, unless someone else finished it first: false then. Inside the
   * derived post's transaction this is what makes a run create at most one post.
   */
  async finish(
    runId: string,
    status: Exclude<RunStatus, 'pending'>,
    result: { submissionId?: string; error?: string },
    db: DataSource | EntityManager = this.db,
  ): Promise<boolean> {
    const rows = await sqlRows(
      db,
      `UPDATE automation_runs SET status = $2, submission_id = $3, error = $4, lease_expires_at = NULL,
              updated_at = now()
        WHERE id = $1 AND status = 'pending' RETURNING id`,
      [runId, status, result.submissionId ?? null, result.error?.slice(0, 2000) ?? null],
    );
    return rows.length > 0;
  }

  /** Gives a run back after an unexpected error: due again once `delayMs` has passed. */
  async release(runId: string, delayMs: number, error: string): Promise<void> {
    await this.db.query(
      `UPDATE automation_runs SET lease_expires_at = now() + ($2 || ' milliseconds')::interval,
              error = $3, updated_at = now()
        WHERE id = $1 AND status = 'pending'`,
      [runId, String(delayMs), error.slice(0, 2000)],
    );
  }

  /**
   * `work` and the run's `succeeded` in one transaction, committed only while the run is still
   * pending; null (and nothing written) when another worker finished it first.
   */
  async succeedWith<T>(
    runId: string,
    work: (em: EntityManager) => Promise<T>,
  ): Promise<{ value: T } | null> {
    try {
      return await this.db.transaction(async (em) => {
        const value = await work(em);
        if (!(await this.finish(runId, 'succeeded', {}, em))) {
          throw new AlreadyFinished();
        }
        return { value };
      });
    } catch (error) {
      if (error instanceof AlreadyFinished) {
        return null;
      }
      throw error;
    }
  }
}
