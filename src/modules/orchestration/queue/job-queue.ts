import type { JobPayloads, QueueName } from './queues';

export type JobHandler<Q extends QueueName> = (payload: JobPayloads[Q]) => Promise<void>;

/**
 * The queue port. The jobs are only triggers: the state lives in PostgreSQL and handlers are
 * idempotent, so a lost job is re-enqueued by the reconciler and a duplicate is a no-op.
 * Adapters: Bull on Redis (scaled), in-process (embedded).
 */
export abstract class JobQueue {
  /** Adds a job unless one with this id is already waiting. */
  abstract add<Q extends QueueName>(
    queue: Q,
    jobId: string,
    payload: JobPayloads[Q],
    delayMs?: number,
  ): Promise<void>;
  /** Starts consuming a queue in this process (workers only). */
  abstract consume<Q extends QueueName>(
    queue: Q,
    concurrency: number,
    handler: JobHandler<Q>,
  ): void;
  abstract close(): Promise<void>;
}
