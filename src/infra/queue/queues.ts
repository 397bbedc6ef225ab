import type { SokuConfig } from '../../config/soku-config';

/**
 * The one table of the queues: their names, what each job carries, how many jobs of each one
 * worker process runs at once, and the job ids. Job ids derive from row ids, so enqueueing twice
 * is harmless.
 */
export const QUEUE_NAMES = [
  'orchestrate',
  'publish',
  'webhook',
  'automation',
  'heartbeat',
  'unpublish',
  'metrics',
  'publish-parts',
] as const;
export type QueueName = (typeof QUEUE_NAMES)[number];

export interface JobPayloads {
  /** Enqueue the runs of one submission (delayed until its scheduledTime). */
  orchestrate: { submissionId: string };
  /**
   * Publish one run (one target). `timed`: the job is the timer of a scheduled post with nothing
   * to import, delayed until its scheduledTime; claiming the run dispatches the post.
   */
  publish: { runId: string; timed?: boolean };
  /** Attempt one webhook delivery (signed, to one endpoint). */
  webhook: { deliveryId: string };
  /** Carry out one automation for one published post. */
  automation: { automationRunId: string };
  /** Proof that workers consume jobs: consuming it records the time (worker liveness). */
  heartbeat: Record<string, never>;
  /** Delete one run's published post from its platform. */
  unpublish: { runId: string };
  /** Read the metrics of one account's posts that are due (analytics). */
  metrics: { userId: string; integrationId: string };
  /** Publish the parts (thread replies, first comment) of one succeeded run, in order. */
  'publish-parts': { runId: string };
}

/** Jobs of a queue one worker process runs at once, read from the validated config at boot. */
export const QUEUE_CONCURRENCY: Record<QueueName, (config: SokuConfig) => number> = {
  // Jobs that fire together share one pass (Orchestrator): room for a pass's worth of them.
  orchestrate: () => 200,
  publish: (config) => config.orchestration.publishConcurrency,
  webhook: (config) => config.webhooks.concurrency,
  automation: (config) => config.webhooks.concurrency,
  heartbeat: () => 1,
  unpublish: (config) => config.orchestration.publishConcurrency,
  metrics: (config) => config.analytics.concurrency,
  'publish-parts': (config) => config.orchestration.publishConcurrency,
};

/** The due time is part of the id: a rescheduled post gets a new timer; the stale one finds it not due. */
export const orchestrateJobId = (submissionId: string, scheduledTime: Date) =>
  `orchestrate-${submissionId}-${scheduledTime.getTime()}`;
/**
 * The attempt (and a retry's due time) is part of the id: a retry is a new job, a duplicate of
 * the same attempt is not.
 */
export const publishJobId = (runId: string, attempt: number, dueAt?: Date) =>
  `publish-${runId}-${attempt}${dueAt ? `-${dueAt.getTime()}` : ''}`;
/** The attempt is part of the id: a retry is a new job, a duplicate of the same attempt is not. */
export const webhookJobId = (deliveryId: string, attempts: number) =>
  `webhook-${deliveryId}-${attempts}`;
export const automationJobId = (automationRunId: string) => `automation-${automationRunId}`;
/** One heartbeat per interval, however many workers enqueue it. */
export const heartbeatJobId = (intervalMs: number, now = Date.now()) =>
  `heartbeat-${Math.floor(now / intervalMs)}`;
/** The attempt and its due time are part of the id, like a publish retry's. */
export const unpublishJobId = (runId: string, attempt: number, dueAt?: Date) =>
  `unpublish-${runId}-${attempt}${dueAt ? `-${dueAt.getTime()}` : ''}`;
/** One job per claim of an account's due reads: the claim time keeps a later claim distinct. */
export const metricsJobId = (integrationId: string, claimedAt: Date) =>
  `metrics-${integrationId}-${claimedAt.getTime()}`;
/** The round is part of the id: a part retried later is a new job, a duplicate is not. */
export const publishPartsJobId = (runId: string, round: string | number = 0) =>
  `publish-parts-${runId}-${round}`;
