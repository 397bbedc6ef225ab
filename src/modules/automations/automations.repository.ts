import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import type { Scope } from '../../common/auth/route-auth';
import type { CursorPosition } from '../../common/pagination/cursor';
import { sqlRows } from '../../database/sql';
import type { AutomationAction } from './automation-action';
import type { Automation, AutomationRun, RunStatus } from './automation-run';

type Row = Record<string, unknown>;

/** The fields of a rule a user sets. */
export type AutomationFields = Pick<
  Automation,
  'name' | 'enabled' | 'triggerPlatform' | 'triggerAccountId' | 'onlyRepurposing' | 'action'
>;

const COLUMNS: Record<keyof AutomationFields, string> = {
  name: 'name',
  enabled: 'enabled',
  triggerPlatform: 'trigger_platform',
  triggerAccountId: 'trigger_account_id',
  onlyRepurposing: 'only_repurposing',
  action: 'action',
};
const CREATED_MS = `date_trunc('milliseconds', created_at)`;

/** Automations and the list of their runs, always by owner and profile. */
@Injectable()
export class AutomationsRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  async create(scope: Scope, fields: AutomationFields): Promise<Automation> {
    const [row] = await sqlRows(
      this.db,
      `INSERT INTO automations (user_id, profile_id, name, enabled, trigger_platform, trigger_account_id,
                                only_repurposing, action)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING *`,
      [
        scope.userId,
        scope.profileId,
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

  async findForUser(scope: Scope, id: string): Promise<Automation | null> {
    const [row] = await sqlRows(
      this.db,
      `SELECT * FROM automations WHERE user_id = $1 AND profile_id = $2 AND id = $3`,
      [scope.userId, scope.profileId, id],
    );
    return row ? toAutomation(row) : null;
  }

  async listForUser(scope: Scope, limit: number, before?: CursorPosition): Promise<Automation[]> {
    const rows = await sqlRows(
      this.db,
      `SELECT * FROM automations WHERE user_id = $1 AND profile_id = $2
          AND ($4::timestamptz IS NULL OR (${CREATED_MS}, id) < ($4, $5::uuid))
        ORDER BY ${CREATED_MS} DESC, id DESC LIMIT $3`,
      [scope.userId, scope.profileId, limit, before?.createdAt ?? null, before?.id ?? null],
    );
    return rows.map(toAutomation);
  }

  async update(scope: Scope, id: string, patch: Partial<AutomationFields>): Promise<void> {
    const entries = Object.entries(patch).filter(([, value]) => value !== undefined);
    const sets = entries.map(([key], i) => `${COLUMNS[key as keyof AutomationFields]} = $${i + 4}`);
    await this.db.query(
      `UPDATE automations SET ${[...sets, 'updated_at = now()'].join(', ')}
        WHERE user_id = $1 AND profile_id = $2 AND id = $3`,
      [scope.userId, scope.profileId, id, ...entries.map(([, value]) => value)],
    );
  }

  async delete(scope: Scope, id: string): Promise<boolean> {
    const rows = await sqlRows(
      this.db,
      `DELETE FROM automations WHERE user_id = $1 AND profile_id = $2 AND id = $3 RETURNING id`,
      [scope.userId, scope.profileId, id],
    );
    return rows.length > 0;
  }

  /**
   * Disables every automation of a deleted profile and skips their pending runs, inside the
   * deletion's transaction: nothing runs for the profile any more.
   */
  async disableProfile(em: EntityManager, scope: Scope, reason: string): Promise<void> {
    await em.query(
      `WITH disabled AS (
         UPDATE automations SET enabled = false, updated_at = now()
          WHERE user_id = $1 AND profile_id = $2 RETURNING id)
       UPDATE automation_runs SET status = 'skipped', error = $3, lease_expires_at = NULL,
              updated_at = now()
        WHERE automation_id IN (SELECT id FROM disabled) AND status = 'pending'`,
      [scope.userId, scope.profileId, reason],
    );
  }

  async listRuns(
    scope: Scope,
    automationId: string,
    filter: { status?: RunStatus; limit: number; before?: CursorPosition },
  ): Promise<AutomationRun[]> {
    const rows = await sqlRows(
      this.db,
      `SELECT * FROM automation_runs ar WHERE user_id = $1 AND automation_id = $2
          AND EXISTS (SELECT 1 FROM automations a
                       WHERE a.id = ar.automation_id AND a.user_id = $1 AND a.profile_id = $7)
          AND ($4::text IS NULL OR status = $4)
          AND ($5::timestamptz IS NULL OR (${CREATED_MS}, id) < ($5, $6::uuid))
        ORDER BY ${CREATED_MS} DESC, id DESC LIMIT $3`,
      [
        scope.userId,
        automationId,
        filter.limit,
        filter.status ?? null,
        filter.before?.createdAt ?? null,
        filter.before?.id ?? null,
        scope.profileId,
      ],
    );
    return rows.map(toRun);
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
