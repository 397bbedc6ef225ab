import type { JobPayloads, QueueName } from './queues';

export type JobHandler<Q extends QueueName> = (payload: JobPayloads[Q]) => Promise<void>;

/** Jobs of one queue by state: due and waiting for a worker, running, or waiting for their time. */
export interface QueueDepth {
  waiting: number;
  active: number;
  delayed: number;
}

/** One job to add: its queue, id, payload and delay, as `JobQueue.add` takes them. */
export type JobSpec = {
  [Q in QueueName]: { queue: Q; jobId: string; payload: JobPayloads[Q]; delayMs?: number };
}[QueueName];

/** Told each time a handler throws (the queue then retries the job): the failure metric. */
export type HandlerFailureListener = (queue: QueueName) => void;

/**
 * The queue port. The jobs are only triggers: the state lives in PostgreSQL and handlers are
 * idempotent, so a lost job is re-enqueued by the reconciler and a duplicate is a no-op.
 * Adapters: Bull on Redis (scaled), in-process (embedded). Consumers are the `QueueProcessor`
 * classes, which QueueConsumers binds to whichever adapter runs.
 */
export abstract class JobQueue {
  private readonly failureListeners: HandlerFailureListener[] = [];

  /** Adds a job unless one with this id is already waiting. */
  abstract add<Q extends QueueName>(
    queue: Q,
    jobId: string,
    payload: JobPayloads[Q],
    delayMs?: number,
  ): Promise<void>;
  /**
   * Adds every job unless one with its id is already waiting, in as few round trips as the
   * adapter can; resolves once all of them were taken (a rejection may leave some added).
   */
  abstract addBulk(jobs: JobSpec[]): Promise<void>;
  /** Starts consuming a queue in this process (QueueConsumers binds the processors). */
  abstract consume<Q extends QueueName>(
    queue: Q,
    concurrency: number,
    handler: JobHandler<Q>,
  ): void;
  /** Depth per queue: the whole deployment's with Bull, this process's in-process. */
  abstract depths(): Promise<Record<QueueName, QueueDepth>>;
  /** Stops taking jobs and resolves once the handlers running in this process have returned. */
  abstract close(): Promise<void>;

  /** Calls `listener` each time a handler throws (the metrics module counts them). */
  onHandlerFailure(listener: HandlerFailureListener): void {
    this.failureListeners.push(listener);
  }

  protected handlerFailed(queue: QueueName): void {
    this.failureListeners.forEach((listener) => listener(queue));
  }
}
