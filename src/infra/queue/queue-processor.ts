import type { SokuConfig } from '../../config/soku-config';
import { type JobPayloads, QUEUE_CONCURRENCY, type QueueName } from './queues';

/** What a process consumes of one queue. */
export interface Consumption<Q extends QueueName> {
  queue: Q;
  concurrency: number;
}

/**
 * A queue's consumer: a `@Processor(queue)` class (@nestjs/bull) of the module that owns the
 * work, which QueueConsumers binds to the queue adapter this process runs, Bull or in-process.
 * The concurrency comes from the validated config (QUEUE_CONCURRENCY); role api consumes nothing.
 */
export abstract class QueueProcessor<Q extends QueueName> {
  /** Undefined in role api. */
  readonly consumption?: Consumption<Q>;

  protected constructor(queue: Q, config: SokuConfig) {
    if (config.app.role !== 'api') {
      this.consumption = { queue, concurrency: QUEUE_CONCURRENCY[queue](config) };
    }
  }

  /** Does the job's work; throwing makes the queue retry it (business failures never throw). */
  abstract handle(payload: JobPayloads[Q]): Promise<void>;
}
