import { Injectable, type OnApplicationBootstrap } from '@nestjs/common';
import { SokuConfig } from '../../../config/soku-config';
import { WorkerScheduler } from '../../../infra/queue/worker-scheduler';
import { OutboxRelay } from './outbox-relay';

/**
 * The outbox relay's pass on worker processes, every SOKU_WEBHOOK_RELAY_INTERVAL_MS: events
 * become webhook deliveries and automation runs. The scheduler drains it before shutdown.
 */
@Injectable()
export class OutboxRelaySchedule implements OnApplicationBootstrap {
  constructor(
    private readonly scheduler: WorkerScheduler,
    private readonly relay: OutboxRelay,
    private readonly config: SokuConfig,
  ) {}

  onApplicationBootstrap(): void {
    this.scheduler.repeat(
      'outbox relay',
      () => this.relay.pass(),
      () => this.config.webhooks.relayIntervalMs,
    );
  }
}
