import type { EntityManager } from 'typeorm';
import { type EventType, recordEvents } from '../../database/outbox';
import { loadPostView } from './post-view';

const SETTLED = new Set(['succeeded', 'partial', 'failed']);

/**
 * Writes the events of runs that just became terminal, in the transaction that made them so:
 * one `post.run.succeeded|failed` per run (the post as GET shows it, plus `runId`), and
 * `post.completed` when no run is left to finish. The caller holds the submission's row lock,
 * so two runs finishing at once see each other and exactly one of them completes the post.
 */
export async function recordRunEvents(
  em: EntityManager,
  submissionId: string,
  runs: { runId: string; type: 'post.run.succeeded' | 'post.run.failed' }[],
): Promise<void> {
  if (runs.length === 0) {
    return;
  }
  const view = await loadPostView(em, submissionId);
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
  await recordEvents(em, events);
}
