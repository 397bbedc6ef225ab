import type { DataSource, EntityManager } from 'typeorm';
import { sqlRows } from '../../../database/sql';
import type { DeletionStatus, RunDeletionView } from './run-deletion';

/** The deletions of these submissions' runs by run id, for GET and event snapshots alike. */
export async function loadDeletionViews(
  db: DataSource | EntityManager,
  submissionIds: string[],
): Promise<Map<string, RunDeletionView>> {
  const views = new Map<string, RunDeletionView>();
  if (submissionIds.length === 0) {
    return views;
  }
  const rows = await sqlRows(
    db,
    `SELECT run_id, status, error_code, error_message, COALESCE(finished_at, requested_at) AS at
       FROM post_run_deletions WHERE submission_id = ANY($1::uuid[])`,
    [submissionIds],
  );
  for (const row of rows) {
    views.set(row.run_id as string, {
      status: row.status as DeletionStatus,
      at: (row.at as Date).toISOString(),
      error: row.error_code
        ? { code: row.error_code as string, message: (row.error_message as string) ?? '' }
        : null,
    });
  }
  return views;
}
