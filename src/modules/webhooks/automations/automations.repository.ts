import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import { sqlRows } from '../../../database/sql';

/** Automations and their runs, always by owner except for the worker's system-wide scans. */
@Injectable()
export class AutomationsRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  /**
   * The runs of the automations that `eventIds` trigger, inside the relay's transaction. A
   * published run triggers a rule on its platform (and account) when its submission came from
   * the API with enableRepurposing, or from another automation (unless the rule wants the flag);
   * never a rule already in the submission's chain, and never past the depth limit.
   */
  async startRuns(em: EntityManager, eventIds: string[], maxDepth: number): Promise<string[]> {
    const rows = await sqlRows<{ id: string }>(
      em,
      `INSERT INTO automation_runs (automation_id, user_id, event_id)
       SELECT a.id, a.user_id, ev.id FROM events ev
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

  /** Pending runs untouched for `idleMs`: their job was lost (a crash, a Redis flush). */
  async idleRuns(idleMs: number, limit: number): Promise<string[]> {
    const rows = await sqlRows<{ id: string }>(
      this.db,
      `SELECT id FROM automation_runs WHERE status = 'pending'
          AND updated_at < now() - ($1 || ' milliseconds')::interval
        ORDER BY updated_at LIMIT $2`,
      [String(idleMs), limit],
    );
    return rows.map((row) => row.id);
  }
}
