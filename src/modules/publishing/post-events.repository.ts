import { type EventType, recordEvents } from '../../database/outbox';
import { sqlEntities, sqlRows, toEntities } from '../../database/sql';
import type { Transaction } from '../../database/transaction';
import { PostRunEntity } from './entities/post-run.entity';
import { PostSubmissionEntity } from './entities/post-submission.entity';
import { type Outcome, type PostView, toPostView } from './post-view';
import { OUTCOME_SQL } from './submissions.repository';
import { hasParts } from '../connectors';
import { partsOfRuns } from './run-part';

const SETTLED = new Set(['succeeded', 'partial', 'failed']);

export type RunEventType = 'post.run.succeeded' | 'post.run.failed';

/** The post as its owner would GET it, read inside `tx` (for event snapshots). */
export async function loadPostView(
  tx: Transaction,
  submissionId: string,
): Promise<{ userId: string; post: PostView } | null> {
  const rows = await sqlRows(
    tx,
    `SELECT s.*, ${OUTCOME_SQL} AS outcome FROM post_submissions s WHERE s.id = $1`,
    [submissionId],
  );
  const [submission] = toEntities(tx, PostSubmissionEntity, rows);
  if (!submission) {
    return null;
  }
  const runs = await sqlEntities(
    tx,
    PostRunEntity,
    `SELECT * FROM post_runs WHERE submission_id = $1 ORDER BY created_at, target_id`,
    [submissionId],
  );
  const outcome = rows[0].outcome as Outcome;
  const parts = hasParts(submission.content)
    ? await partsOfRuns(
        tx,
        runs.map((run) => run.id),
      )
    : [];
  return { userId: submission.userId, post: toPostView(submission, outcome, runs, parts) };
}

/**
 * Writes the events of runs that just became terminal, in the transaction that made them so:
 * one `post.run.succeeded|failed` per run (the post as GET shows it, plus `runId`), and
 * `post.completed` when no run is left to finish. The caller holds the submission's row lock,
 * so two runs finishing at once see each other and exactly one of them completes the post.
 */
export async function recordRunEvents(
  tx: Transaction,
  submissionId: string,
  runs: { runId: string; type: RunEventType }[],
): Promise<void> {
  if (runs.length === 0) {
    return;
  }
  const view = await loadPostView(tx, submissionId);
  if (!view) {
    return;
  }
  const events: { type: EventType; userId: string; data: object }[] = runs.map((run) => ({
    type: run.type,
    userId: view.userId,
    data: { ...view.post, runId: run.runId },
  }));
  if (SETTLED.has(view.post.outcome)) {
    events.push({ type: 'post.completed', userId: view.userId, data: view.post });
  }
  await recordEvents(tx, events);
}

/** `post.cancelled` with the post as it now reads, in the cancelling transaction. */
export async function recordCancelled(tx: Transaction, submissionId: string): Promise<void> {
  const view = await loadPostView(tx, submissionId);
  if (view) {
    await recordEvents(tx, [{ type: 'post.cancelled', userId: view.userId, data: view.post }]);
  }
}
