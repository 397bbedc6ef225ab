import { Inject, Injectable } from '@nestjs/common';
import type { Logger } from 'pino';
import { Webhook } from 'standardwebhooks';
import { APP_LOGGER } from '../../../config/config.module';
import { SokuConfig } from '../../../config/soku-config';
import { JobQueue } from '../../../infra/queue/job-queue';
import { webhookJobId } from '../../../infra/queue/queues';
import { parseRetryAfter } from '../../../common/http/retry-after';
import { nextDelayMs } from './retry-schedule';
import { type SendResult, WebhookSender } from './webhook-sender';
import { SokuMetrics } from '../../../infra/metrics/soku-metrics';
import { TokenVault } from '../../../infra/vault/token-vault';
import { webhookSecretContext } from '../webhook-secret';
import { type ClaimedDelivery, DeliveriesRepository } from './deliveries.repository';

/**
 * The webhook job: claim the delivery's next attempt, sign and send the event, record the answer.
 * The event id is the `webhook-id` of every attempt, so receivers dedupe on it. A claim pushes
 * `next_attempt_at` past the attempt's end: should the worker die mid-send, the delivery falls
 * due again and the relay re-drives it (at least once, never silently dropped).
 */
@Injectable()
export class WebhookDeliverer {
  constructor(
    private readonly deliveries: DeliveriesRepository,
    private readonly sender: WebhookSender,
    private readonly queue: JobQueue,
    private readonly config: SokuConfig,
    private readonly metrics: SokuMetrics,
    private readonly vault: TokenVault,
    @Inject(APP_LOGGER) private readonly logger: Logger,
  ) {}

  async deliver(deliveryId: string): Promise<void> {
    // Past the timeout with room to record the answer: only a dead worker's claim lapses.
    const leaseMs = this.config.webhooks.timeoutMs * 2 + 5000;
    const claimed = await this.deliveries.claim(deliveryId, leaseMs);
    if (!claimed) {
      return; // a duplicate job, a finished delivery, or not due yet
    }
    if (!claimed.enabled) {
      await this.finish(claimed.id, 'failed', null, 'The endpoint is disabled');
      return;
    }
    const body = JSON.stringify({
      id: claimed.eventId,
      type: claimed.type,
      profileId: claimed.profileId,
      createdAt: claimed.createdAt.toISOString(),
      data: claimed.data,
    });
    const now = new Date();
    const secret = this.vault.decrypt(claimed.secret, webhookSecretContext(claimed.endpointId));
    const headers = {
      'webhook-id': claimed.eventId,
      'webhook-timestamp': String(Math.floor(now.getTime() / 1000)),
      'webhook-signature': new Webhook(secret).sign(claimed.eventId, now, body),
    };
    const result = await this.sender.send(claimed.url, headers, body);
    await this.record(claimed, result);
  }

  private async record(claimed: ClaimedDelivery, result: SendResult): Promise<void> {
    if (result.status !== null && result.status >= 200 && result.status < 300) {
      await this.finish(claimed.id, 'succeeded', result.status, null);
      return;
    }
    const error = result.status === null ? result.error : `The endpoint answered ${result.status}`;
    if (result.status === 410) {
      // 410 Gone: the receiver asks never to be called again (Standard Webhooks).
      this.metrics.webhookDeliveries.inc({ outcome: 'failed' });
      await this.deliveries.failGone(claimed, error);
      return;
    }
    const retryAfter =
      result.status === null ? undefined : parseRetryAfter(result.retryAfter ?? undefined);
    const delayMs = nextDelayMs(this.config.webhooks.retryDelaysMs, claimed.attempts, retryAfter);
    if (delayMs === null) {
      await this.finish(
        claimed.id,
        'failed',
        result.status,
        `${error} (gave up after ${claimed.attempts} attempts)`,
      );
      return;
    }
    await this.deliveries.retryAt(claimed.id, new Date(Date.now() + delayMs), result.status, error);
    this.metrics.webhookDeliveries.inc({ outcome: 'retrying' });
    await this.queue.add(
      'webhook',
      webhookJobId(claimed.id, claimed.attempts),
      { deliveryId: claimed.id },
      delayMs,
    );
    this.logger.info(
      { deliveryId: claimed.id, attempts: claimed.attempts, delayMs, error },
      'webhook attempt failed; retrying',
    );
  }

  private async finish(
    id: string,
    status: 'succeeded' | 'failed',
    code: number | null,
    error: string | null,
  ): Promise<void> {
    this.metrics.webhookDeliveries.inc({ outcome: status });
    await this.deliveries.finish(id, status, code, error);
  }
}
