import { Injectable, type OnModuleInit } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { SokuConfig } from '../../config/soku-config';
import { JobQueue } from '../../infra/queue/job-queue';
import { automationJobId } from '../../infra/queue/queues';
import { OutboxConsumer, OutboxRelay } from '../webhooks';
import { AutomationRunsRepository } from './automation-runs.repository';

const BATCH = 500;

/**
 * The automations' share of the outbox: each relayed `post.run.succeeded` starts the runs of the
 * rules it triggers, and each pass re-drives the runs whose job was lost.
 */
@Injectable()
export class AutomationRunsOutboxConsumer extends OutboxConsumer implements OnModuleInit {
  constructor(
    private readonly relay: OutboxRelay,
    private readonly runs: AutomationRunsRepository,
    private readonly queue: JobQueue,
    private readonly config: SokuConfig,
  ) {
    super();
  }

  onModuleInit(): void {
    this.relay.register(this);
  }

  async take(em: EntityManager, eventIds: string[]): Promise<() => Promise<unknown>> {
    const started = await this.runs.startRuns(
      em,
      eventIds,
      this.config.webhooks.automationMaxDepth,
    );
    return () => this.enqueue(started);
  }

  async redrive(): Promise<unknown> {
    return this.enqueue(await this.runs.idleRuns(this.config.webhooks.relayIntervalMs, BATCH));
  }

  private enqueue(runIds: string[]): Promise<unknown> {
    return Promise.all(
      runIds.map((id) =>
        this.queue.add('automation', automationJobId(id), { automationRunId: id }),
      ),
    );
  }
}
