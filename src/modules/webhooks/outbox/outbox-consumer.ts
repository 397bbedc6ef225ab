import type { EntityManager } from 'typeorm';

/**
 * Another module's share of the events the outbox relay takes (automations: their runs).
 * Consumers register with OutboxRelay at start-up, so webhooks never imports them.
 */
export abstract class OutboxConsumer {
  /**
   * Inside the relay's transaction, records the work `eventIds` cause (committed with their
   * processed mark) and returns what to enqueue once it commits.
   */
  abstract take(em: EntityManager, eventIds: string[]): Promise<() => Promise<unknown>>;

  /** After each pass: enqueues again whatever of its work the queue lost. */
  abstract redrive(): Promise<unknown>;
}
