import { type NewEvent, recordEvents } from '../../database/outbox';
import { sqlEntities, sqlRows, toEntities } from '../../database/sql';
import type { Transaction } from '../../database/transaction';
import { PostRunEntity } from './entities/post-run.entity';
import { PostSubmissionEntity } from './entities/post-submission.entity';
import { type Outcome, type PostView, toPostView } from './post-view';
import { OUTCOME_SQL } from './submissions.repository';
import { loadDeletionViews } from './deletion/deletion-views';
import { hasParts } from '../connectors';
import { partsOfRuns } from './run-part';
import { postChanges } from './post-changes';

const SETTLED = new Set(['succeeded', 'partial', 'failed']);

export type RunEventType = 'post.run.succeeded' | 'post.run.failed';

/** The post as its owner would GET it, read inside `tx` (for event snapshots). */
export async function loadPostView(
  tx: Transaction,
  submissionId: string,
): Promise<{ userId: string; profileId: string; post: PostView } | null> {
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
  const deletions = await loadDeletionViews(tx, [submissionId]);
  const parts = hasParts(submission.content)
    ? await partsOfRuns(
        tx,
        runs.map((run) => run.id),
      )
    : [];
  return {
    userId: submission.userId,
    profileId: submission.profileId,
    post: toPostView(submission, outcome, runs, deletions, parts),
  };
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
  const { userId, profileId } = view;
  const events: NewEvent[] = runs.map((run) => ({
    type: run.type,
    userId,
    profileId,
    data: { ...view.post, runId: run.runId },
  }));
  if (SETTLED.has(view.post.outcome)) {
    events.push({ type: 'post.completed', userId, profileId, data: view.post });
  }
  await recordEvents(tx, events);
}

/** A run that just became terminal, for the batched events. */
export interface TerminalRun {
  runId: string;
  submissionId: string;
  type: RunEventType;
}

/**
 * recordRunEvents for the runs of many submissions at once: their posts read in two queries and
 * every event written in one multi-row insert. The caller holds the submissions' row locks.
 * Returns the submissions none of whose runs is left queued or processing.
 */
export async function recordTerminalRunEvents(
  tx: Transaction,
  terminal: TerminalRun[],
): Promise<Set<string>> {
  const ids = [...new Set(terminal.map((run) => run.submissionId))];
  if (ids.length === 0) {
    return new Set();
  }
  const rows = await sqlRows(
    tx,
    `SELECT s.*, ${OUTCOME_SQL} AS outcome FROM post_submissions s WHERE s.id = ANY($1::uuid[])`,
    [ids],
  );
  const submissions = toEntities(tx, PostSubmissionEntity, rows);
  const runs = await sqlEntities(
    tx,
    PostRunEntity,
    `SELECT * FROM post_runs WHERE submission_id = ANY($1::uuid[]) ORDER BY created_at, target_id`,
    [ids],
  );
  const settled = new Set<string>();
  const events: NewEvent[] = [];
  submissions.forEach((submission, i) => {
    const own = runs.filter((run) => run.submissionId === submission.id);
    if (!own.some((run) => run.status === 'queued' || run.status === 'processing')) {
      settled.add(submission.id);
    }
    const post = toPostView(submission, rows[i].outcome as Outcome, own);
    for (const run of terminal.filter((one) => one.submissionId === submission.id)) {
      events.push({
        type: run.type,
        userId: submission.userId,
        profileId: submission.profileId,
        data: { ...post, runId: run.runId },
      });
    }
    if (SETTLED.has(post.outcome)) {
      events.push({
        type: 'post.completed',
        userId: submission.userId,
        profileId: submission.profileId,
        data: post,
      });
    }
  });
  await recordEvents(tx, events);
  return settled;
}

/** `post.cancelled` with the post as it now reads, in the cancelling transaction. */
export function recordCancelled(tx: Transaction, submissionId: string): Promise<void> {
  return recordPostEvent(tx, submissionId, 'post.cancelled');
}

/**
 * `post.updated` with the post as the edit left it and the `changes` from `before` (the post as
 * it read before the edit, in the same transaction), in the editing transaction.
 */
export function recordUpdated(
  tx: Transaction,
  submissionId: string,
  before: PostView,
): Promise<void> {
  return recordPostEvent(tx, submissionId, 'post.updated', (post) => ({
    ...post,
    changes: postChanges(before, post),
  }));
}

async function recordPostEvent(
  tx: Transaction,
  submissionId: string,
  type: 'post.cancelled' | 'post.updated',
  dataOf: (post: PostView) => object = (post) => post,
): Promise<void> {
  const view = await loadPostView(tx, submissionId);
  if (view) {
    await recordEvents(tx, [
      { type, userId: view.userId, profileId: view.profileId, data: dataOf(view.post) },
    ]);
  }
}
