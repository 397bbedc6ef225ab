import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { SokuConfig } from '../../../config/soku-config';
import { sqlRows } from '../../../database/sql';
import { JobQueue } from '../../../infra/queue/job-queue';
import { automationJobId, webhookJobId } from '../../../infra/queue/queues';
import { AutomationsRepository } from '../automations/automations.repository';
import { WebhooksRepository } from '../webhooks.repository';

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
    @InjectDataSource() private readonly db: DataSource,
    private readonly webhooks: WebhooksRepository,
    private readonly automations: AutomationsRepository,
    private readonly queue: JobQueue,
    private readonly config: SokuConfig,
  ) {}

  async pass(): Promise<{ events: number; deliveries: number; automationRuns: number }> {
    const relayed = await this.db.transaction(async (em) => {
      const events = await sqlRows<{ id: string }>(
        em,
        `SELECT id FROM events WHERE processed_at IS NULL ORDER BY created_at
          LIMIT $1 FOR UPDATE SKIP LOCKED`,
        [BATCH],
      );
      const ids = events.map((event) => event.id);
      if (ids.length === 0) {
        return { events: 0, deliveries: [], runs: [] };
      }
      const deliveries = await this.webhooks.fanOut(em, ids);
      const runs = await this.automations.startRuns(
        em,
        ids,
        this.config.webhooks.automationMaxDepth,
      );
      await em.query(`UPDATE events SET processed_at = now() WHERE id = ANY($1)`, [ids]);
      return { events: ids.length, deliveries, runs };
    });
    const due = await sqlRows<{ id: string; attempts: number }>(
      this.db,
      `SELECT id, attempts FROM webhook_deliveries WHERE status = 'pending' AND next_attempt_at <= now()
        ORDER BY next_attempt_at LIMIT $1`,
      [BATCH],
    );
    const idleRuns = await this.automations.idleRuns(this.config.webhooks.relayIntervalMs, BATCH);
    const deliveries = [...relayed.deliveries, ...due];
    const runs = [...relayed.runs, ...idleRuns];
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
