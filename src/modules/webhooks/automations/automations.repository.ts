import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import type { CursorPosition } from '../../../common/pagination/cursor';
import { sqlRows } from '../../../database/sql';
import type { AutomationAction } from './automation-action';
import type { Automation, AutomationRun, RunStatus } from './automation-run';

type Row = Record<string, unknown>;

/** The fields of a rule a user sets. */
export type AutomationFields = Pick<
  Automation,
  'name' | 'enabled' | 'triggerPlatform' | 'triggerAccountId' | 'onlyRepurposing' | 'action'
>;

/** A run claimed by a worker, with its rule and the published run it reacts to. */
export interface ClaimedAutomationRun {
  id: string;
  userId: string;
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

const COLUMNS: Record<keyof AutomationFields, string> = {
  name: 'name',
  enabled: 'enabled',
  triggerPlatform: 'trigger_platform',
  triggerAccountId: 'trigger_account_id',
  onlyRepurposing: 'only_repurposing',
  action: 'action',
};
const CREATED_MS = `date_trunc('milliseconds', created_at)`;

/** Automations and their runs, always by owner except for the worker's system-wide scans. */
@Injectable()
export class AutomationsRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  async create(userId: string, fields: AutomationFields): Promise<Automation> {
    const [row] = await sqlRows(
      this.db,
      `INSERT INTO automations (user_id, name, enabled, trigger_platform, trigger_account_id, only_repurposing, action)
       VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING *`,
      [
        userId,
        fields.name,
        fields.enabled,
        fields.triggerPlatform,
        fields.triggerAccountId,
        fields.onlyRepurposing,
        fields.action,
      ],
    );
    return toAutomation(row);
  }

  async findForUser(userId: string, id: string): Promise<Automation | null> {
    const [row] = await sqlRows(
      this.db,
      `SELECT * FROM automations WHERE user_id = $1 AND id = $2`,
      [userId, id],
    );
    return row ? toAutomation(row) : null;
  }

  async listForUser(userId: string, limit: number, before?: CursorPosition): Promise<Automation[]> {
    const rows = await sqlRows(
      this.db,
      `SELECT * FROM automations WHERE user_id = $1
          AND ($3::timestamptz IS NULL OR (${CREATED_MS}, id) < ($3, $4::uuid))
        ORDER BY ${CREATED_MS} DESC, id DESC LIMIT $2`,
      [userId, limit, before?.createdAt ?? null, before?.id ?? null],
    );
    return rows.map(toAutomation);
  }

  async update(userId: string, id: string, patch: Partial<AutomationFields>): Promise<void> {
    const entries = Object.entries(patch).filter(([, value]) => value !== undefined);
    const sets = entries.map(([key], i) => `${COLUMNS[key as keyof AutomationFields]} = $${i + 3}`);
    await this.db.query(
      `UPDATE automations SET ${[...sets, 'updated_at = now()'].join(', ')} WHERE user_id = $1 AND id = $2`,
      [userId, id, ...entries.map(([, value]) => value)],
    );
  }

  async delete(userId: string, id: string): Promise<boolean> {
    const rows = await sqlRows(
      this.db,
      `DELETE FROM automations WHERE user_id = $1 AND id = $2 RETURNING id`,
      [userId, id],
    );
    return rows.length > 0;
  }

  async listRuns(
    userId: string,
    automationId: string,
    filter: { status?: RunStatus; limit: number; before?: CursorPosition },
  ): Promise<AutomationRun[]> {
    const rows = await sqlRows(
      this.db,
      `SELECT * FROM automation_runs WHERE user_id = $1 AND automation_id = $2
          AND ($4::text IS NULL OR status = $4)
          AND ($5::timestamptz IS NULL OR (${CREATED_MS}, id) < ($5, $6::uuid))
        ORDER BY ${CREATED_MS} DESC, id DESC LIMIT $3`,
      [
        userId,
        automationId,
        filter.limit,
        filter.status ?? null,
        filter.before?.createdAt ?? null,
        filter.before?.id ?? null,
      ],
    );
    return rows.map(toRun);
  }

  /**
   * The runs of the automations that `eventIds` trigger, inside the relay's transaction. A
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
         JOIN automations a ON a.user_id = ev.user_id AND a.enabled AND a.trigger_platform = r.platform
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
        RETURNING ar.id, ar.user_id, ar.attempts, ar.event_id, a.id AS automation_id, a.enabled,
                  a.action, s.id AS submission_id, r.id AS run_id, r.platform, r.account_id, r.url,
                  s.content, s.media_ids, s.automation_chain`,
      [runId, String(leaseMs)],
    );
    if (!row) {
      return null;
    }
    return {
      id: row.id as string,
      userId: row.user_id as string,
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
    db: DataSource | EntityManager,
    runId: string,
    status: Exclude<RunStatus, 'pending'>,
    result: { submissionId?: string; error?: string },
  ): Promise<boolean> {
    const rows: Row[] = await sqlRows(
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
}

function toAutomation(row: Row): Automation {
  return {
    id: row.id as string,
    userId: row.user_id as string,
    name: row.name as string,
    enabled: row.enabled as boolean,
    triggerPlatform: row.trigger_platform as Automation['triggerPlatform'],
    triggerAccountId: row.trigger_account_id as string | null,
    onlyRepurposing: row.only_repurposing as boolean,
    action: row.action as AutomationAction,
    createdAt: row.created_at as Date,
    updatedAt: row.updated_at as Date,
  };
}

function toRun(row: Row): AutomationRun {
  return {
    id: row.id as string,
    automationId: row.automation_id as string,
    eventId: row.event_id as string,
    status: row.status as RunStatus,
    originSubmissionId: row.origin_submission_id as string | null,
    originRunId: row.origin_run_id as string | null,
    submissionId: row.submission_id as string | null,
    error: row.error as string | null,
    attempts: row.attempts as number,
    createdAt: row.created_at as Date,
    updatedAt: row.updated_at as Date,
  };
}
