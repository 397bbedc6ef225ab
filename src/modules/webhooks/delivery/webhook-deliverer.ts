import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { Logger } from 'pino';
import { Webhook } from 'standardwebhooks';
import { DataSource } from 'typeorm';
import { APP_LOGGER } from '../../../config/config.module';
import { SokuConfig } from '../../../config/soku-config';
import { sqlRows } from '../../../database/sql';
import { JobQueue } from '../../../infra/queue/job-queue';
import { webhookJobId } from '../../../infra/queue/queues';
import { nextDelayMs, parseRetryAfter } from './retry-schedule';
import { type SendResult, WebhookSender } from './webhook-sender';
import { SokuMetrics } from '../../metrics/soku-metrics';
import { TokenVault } from '../../../infra/vault/token-vault';
import { webhookSecretContext } from '../webhook-secret';

/** A claimed attempt: the delivery, its endpoint and the event it carries. */
interface Claimed {
  id: string;
  attempts: number;
  endpointId: string;
  url: string;
  /** Vault ciphertext of the signing secret. */
  secret: string;
  enabled: boolean;
  eventId: string;
  type: string;
  createdAt: Date;
  data: unknown;
}

/**
 * The webhook job: claim the delivery's next attempt, sign and send the event, record the answer.
 * The event id is the `webhook-id` of every attempt, so receivers dedupe on it. A claim pushes
 * `next_attempt_at` past the attempt's end: should the worker die mid-send, the delivery falls
 * due again and the relay re-drives it (at least once, never silently dropped).
 */
@Injectable()
export class WebhookDeliverer {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly sender: WebhookSender,
    private readonly queue: JobQueue,
    private readonly config: SokuConfig,
    private readonly metrics: SokuMetrics,
    private readonly vault: TokenVault,
    @Inject(APP_LOGGER) private readonly logger: Logger,
  ) {}

  async deliver(deliveryId: string): Promise<void> {
    const claimed = await this.claim(deliveryId);
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

  private async record(claimed: Claimed, result: SendResult): Promise<void> {
    if (result.status !== null && result.status >= 200 && result.status < 300) {
      await this.finish(claimed.id, 'succeeded', result.status, null);
      return;
    }
    const error = result.status === null ? result.error : `The endpoint answered ${result.status}`;
    if (result.status === 410) {
      // 410 Gone: the receiver asks never to be called again (Standard Webhooks).
      await this.db.transaction(async (em) => {
        await em.query(
          `UPDATE webhook_endpoints SET enabled = false, disabled_reason = $2, updated_at = now() WHERE id = $1`,
          [claimed.endpointId, 'The endpoint answered 410 Gone'],
        );
        await this.finish(claimed.id, 'failed', 410, error, em);
      });
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
    await this.db.query(
      `UPDATE webhook_deliveries SET next_attempt_at = $2, last_status_code = $3, last_error = $4, updated_at = now()
        WHERE id = $1 AND status = 'pending'`,
      [claimed.id, new Date(Date.now() + delayMs), result.status, error.slice(0, 2000)],
    );
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

  private async claim(deliveryId: string): Promise<Claimed | null> {
    // Past the timeout with room to record the answer: only a dead worker's claim lapses.
    const leaseMs = this.config.webhooks.timeoutMs * 2 + 5000;
    const [row] = await sqlRows(
      this.db,
      `UPDATE webhook_deliveries d SET attempts = d.attempts + 1, last_attempt_at = now(),
              next_attempt_at = now() + ($2 || ' milliseconds')::interval, updated_at = now()
         FROM webhook_endpoints e, events ev
        WHERE d.id = $1 AND d.status = 'pending' AND d.next_attempt_at <= now()
          AND e.id = d.endpoint_id AND ev.id = d.event_id
        RETURNING d.id, d.attempts, e.id AS endpoint_id, e.url, e.secret, e.enabled,
                  ev.id AS event_id, ev.type, ev.created_at, ev.data`,
      [deliveryId, String(leaseMs)],
    );
    return row
      ? {
          id: row.id as string,
          attempts: row.attempts as number,
          endpointId: row.endpoint_id as string,
          url: row.url as string,
          secret: row.secret as string,
          enabled: row.enabled as boolean,
          eventId: row.event_id as string,
          type: row.type as string,
          createdAt: row.created_at as Date,
          data: row.data,
        }
      : null;
  }

  private async finish(
    id: string,
    status: 'succeeded' | 'failed',
    code: number | null,
    error: string | null,
    db: Pick<DataSource, 'query'> = this.db,
  ): Promise<void> {
    this.metrics.webhookDeliveries.inc({ outcome: status });
    await db.query(
      `UPDATE webhook_deliveries SET status = $2, last_status_code = $3, last_error = $4, updated_at = now()
        WHERE id = $1 AND status = 'pending'`,
      [id, status, code, error?.slice(0, 2000) ?? null],
    );
  }
}
