import type { DataSource } from 'typeorm';
import { sqlRows } from '../../database/sql';
import type { Transaction } from '../../database/transaction';
import type { PartKind, PostContent } from '../connectors';

export const PART_STATUSES = ['queued', 'processing', 'succeeded', 'failed'] as const;
export type PartStatus = (typeof PART_STATUSES)[number];

/** One row of post_run_parts. */
export interface RunPart {
  id: string;
  runId: string;
  position: number;
  kind: PartKind;
  text: string;
  status: PartStatus;
  attempts: number;
  nextAttemptAt: Date | null;
  publishStartedAt: Date | null;
  platformPostId: string | null;
  url: string | null;
  errorCode: string | null;
  errorMessage: string | null;
  /** What the part's connector saved before its irreversible call (PartRequest.saveState). */
  connectorState: Record<string, unknown>;
  createdAt: Date;
  updatedAt: Date;
  finishedAt: Date | null;
}

/** A succeeded run whose parts are still to publish, with what publishing them needs. */
export interface PartsRun {
  id: string;
  submissionId: string;
  userId: string;
  /** The submission's profile, whose media the parts publish. */
  profileId: string;
  platform: string;
  integrationId: string;
  accountId: string;
  postId: string;
  content: PostContent;
  /** The submission's stored media (storedMediaSources' layout); each part takes its own. */
  mediaIds: string[];
}

export function toRunPart(row: Record<string, unknown>): RunPart {
  return {
    id: row.id as string,
    runId: row.run_id as string,
    position: row.position as number,
    kind: row.kind as PartKind,
    text: row.text as string,
    status: row.status as PartStatus,
    attempts: row.attempts as number,
    nextAttemptAt: (row.next_attempt_at as Date | null) ?? null,
    publishStartedAt: (row.publish_started_at as Date | null) ?? null,
    platformPostId: (row.platform_post_id as string | null) ?? null,
    url: (row.url as string | null) ?? null,
    errorCode: (row.error_code as string | null) ?? null,
    errorMessage: (row.error_message as string | null) ?? null,
    connectorState: (row.connector_state as Record<string, unknown> | undefined) ?? {},
    createdAt: row.created_at as Date,
    updatedAt: row.updated_at as Date,
    finishedAt: (row.finished_at as Date | null) ?? null,
  };
}

/** The parts of these runs, in order (for views and event snapshots). */
export async function partsOfRuns(
  db: DataSource | Transaction,
  runIds: string[],
): Promise<RunPart[]> {
  if (runIds.length === 0) {
    return [];
  }
  const rows = await sqlRows(
    db,
    `SELECT * FROM post_run_parts WHERE run_id = ANY($1::uuid[]) ORDER BY run_id, position`,
    [runIds],
  );
  return rows.map(toRunPart);
}

/**
 * Of these submissions, those with something left to publish: a run queued or processing, or a
 * succeeded run whose parts are not settled. Their media stay claimed.
 */
export async function openSubmissions(tx: Transaction, submissionIds: string[]): Promise<string[]> {
  const rows = await sqlRows(
    tx,
    `SELECT DISTINCT r.submission_id FROM post_runs r JOIN post_submissions s ON s.id = r.submission_id
      WHERE r.submission_id = ANY($1::uuid[])
        AND (r.status IN ('queued', 'processing')
             OR (r.status = 'succeeded' AND r.parts_settled_at IS NULL
                 AND (s.content ? 'thread' OR s.content ? 'firstComment')))`,
    [submissionIds],
  );
  return rows.map((row) => row.submission_id as string);
}
