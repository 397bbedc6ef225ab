import { Processor } from '@nestjs/bull';
import { SokuConfig } from '../../../config/soku-config';
import { QueueProcessor } from '../../../infra/queue/queue-processor';
import type { JobPayloads } from '../../../infra/queue/queues';
import { WebhookDeliverer } from './webhook-deliverer';

/** The `webhook` queue: one job attempts one delivery (SOKU_WEBHOOK_CONCURRENCY at once). */
@Processor('webhook')
export class WebhookProcessor extends QueueProcessor<'webhook'> {
  constructor(
    private readonly deliverer: WebhookDeliverer,
    config: SokuConfig,
  ) {
    super('webhook', config);
  }

  handle({ deliveryId }: JobPayloads['webhook']): Promise<void> {
    return this.deliverer.deliver(deliveryId);
  }
}
