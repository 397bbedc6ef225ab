import { Injectable } from '@nestjs/common';
import { JobQueue } from '../../../infra/queue/job-queue';
import { webhookJobId } from '../../../infra/queue/queues';
import { DeliveriesRepository } from '../delivery/deliveries.repository';
import type { OutboxConsumer } from './outbox-consumer';
import { OutboxRepository } from './outbox.repository';

const BATCH = 500;

/**
 * The outbox relay, run by the worker: turns new events into webhook deliveries and the
 * registered consumers' work (automation runs) and marks them processed, all in one transaction
 * (several workers take disjoint events with SKIP LOCKED), then enqueues them. Each pass also
 * re-drives whatever the queue lost: due deliveries and the consumers' idle work, so a crash
 * anywhere delays an event and never drops it.
 */
@Injectable()
export class OutboxRelay {
  private readonly consumers: OutboxConsumer[] = [];

  constructor(
    private readonly outbox: OutboxRepository,
    private readonly deliveries: DeliveriesRepository,
    private readonly queue: JobQueue,
  ) {}

  /** Adds `consumer` to every pass from now on. */
  register(consumer: OutboxConsumer): void {
    this.consumers.push(consumer);
  }

  async pass(): Promise<void> {
    const relayed = await this.outbox.takeEvents(BATCH, async (em, ids) => ({
      deliveries: await this.deliveries.fanOut(em, ids),
      afterCommit: await Promise.all(this.consumers.map((consumer) => consumer.take(em, ids))),
    }));
    const due = await this.deliveries.due(BATCH);
    await Promise.all([
      ...[...(relayed?.work.deliveries ?? []), ...due].map((d) =>
        this.queue.add('webhook', webhookJobId(d.id, d.attempts), { deliveryId: d.id }),
      ),
      ...(relayed?.work.afterCommit ?? []).map((enqueue) => enqueue()),
    ]);
    await Promise.all(this.consumers.map((consumer) => consumer.redrive()));
  }
}
