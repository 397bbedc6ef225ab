import { Injectable } from '@nestjs/common';
import { SokuConfig } from '../../../config/soku-config';
import { JobQueue } from '../../../infra/queue/job-queue';
import { automationJobId, webhookJobId } from '../../../infra/queue/queues';
import { AutomationRunsRepository } from '../automations/automation-runs.repository';
import { DeliveriesRepository } from '../delivery/deliveries.repository';
import { OutboxRepository } from './outbox.repository';

const BATCH = 500;

/**
 * The outbox relay, run by the worker: turns new events into webhook deliveries and automation
 * runs and marks them processed, all in one transaction (several workers take disjoint events
 * with SKIP LOCKED), then enqueues them. Each pass also re-drives whatever the queue lost: due
 * deliveries and idle automation runs, so a crash anywhere delays an event and never drops it.
 */
@Injectable()
export class OutboxRelay {
  constructor(
    private readonly outbox: OutboxRepository,
    private readonly deliveries: DeliveriesRepository,
    private readonly automationRuns: AutomationRunsRepository,
    private readonly queue: JobQueue,
    private readonly config: SokuConfig,
  ) {}

  async pass(): Promise<{ events: number; deliveries: number; automationRuns: number }> {
    const relayed = (await this.outbox.takeEvents(BATCH, async (em, ids) => ({
      deliveries: await this.deliveries.fanOut(em, ids),
      runs: await this.automationRuns.startRuns(em, ids, this.config.webhooks.automationMaxDepth),
    }))) ?? { events: 0, work: { deliveries: [], runs: [] } };
    const due = await this.deliveries.due(BATCH);
    const idleRuns = await this.automationRuns.idleRuns(
      this.config.webhooks.relayIntervalMs,
      BATCH,
    );
    const deliveries = [...relayed.work.deliveries, ...due];
    const runs = [...relayed.work.runs, ...idleRuns];
    await Promise.all([
      ...deliveries.map((d) =>
        this.queue.add('webhook', webhookJobId(d.id, d.attempts), { deliveryId: d.id }),
      ),
      ...runs.map((id) =>
        this.queue.add('automation', automationJobId(id), { automationRunId: id }),
      ),
    ]);
    return { events: relayed.events, deliveries: deliveries.length, automationRuns: runs.length };
  }
}
