import { ListPageQuery } from '../../common/pagination/list-page.query';
import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import type { Logger } from 'pino';
import { APP_LOGGER } from '../../config/config.module';
import type { EntityManager } from 'typeorm';
import { TokenVault } from '../../infra/vault/token-vault';
import { fetchPage } from '../../common/pagination/page';
import { JobQueue } from '../../infra/queue/job-queue';
import { webhookJobId } from '../../infra/queue/queues';
import { tolerateQueueOutage } from '../../infra/queue/tolerate-outage';
import { EndpointAddressPolicy } from './delivery/endpoint-address';
import type {
  CreateWebhookDto,
  ListDeliveriesQuery,
  UpdateWebhookDto,
} from './dto/webhook-requests.dto';
import type {
  WebhookDeliveryDto,
  WebhookDeliveryListDto,
  WebhookDto,
  WebhookListDto,
  WebhookWithSecretDto,
} from './dto/webhook-responses.dto';
import type { WebhookDeliveryEntity } from './entities/webhook-delivery.entity';
import type { WebhookEndpointEntity } from './entities/webhook-endpoint.entity';
import {
  BadWebhookUrlError,
  DeliveryNotFoundError,
  DeliveryPendingError,
  WebhookDisabledError,
  WebhookNotFoundError,
} from './webhooks.errors';
import { WebhooksRepository } from './webhooks.repository';
import { DeliveriesRepository } from './delivery/deliveries.repository';
import { newWebhookSecret, webhookSecretContext } from './webhook-secret';
import { isUuid } from '../../common/validation/uuid';
import type { Scope } from '../../common/auth/route-auth';

@Injectable()
export class WebhooksService {
  constructor(
    private readonly endpoints: WebhooksRepository,
    private readonly deliveryRecords: DeliveriesRepository,
    private readonly addresses: EndpointAddressPolicy,
    private readonly queue: JobQueue,
    private readonly vault: TokenVault,
    @Inject(APP_LOGGER) private readonly logger: Logger,
  ) {}

  async create(scope: Scope, body: CreateWebhookDto): Promise<WebhookWithSecretDto> {
    await this.checkUrl(body.url);
    const id = randomUUID();
    const secret = newWebhookSecret();
    const row = await this.endpoints.create(scope, {
      id,
      url: body.url,
      description: body.description ?? null,
      eventTypes: body.eventTypes,
      secret: this.vault.encrypt(secret, webhookSecretContext(id)),
    });
    return { ...toWebhookDto(row), secret };
  }

  async list(scope: Scope, query: ListPageQuery): Promise<WebhookListDto> {
    return fetchPage(
      query,
      (rows, before) => this.endpoints.listForUser(scope, rows, before),
      toWebhookDto,
    );
  }

  async get(scope: Scope, id: string): Promise<WebhookDto> {
    return toWebhookDto(await this.find(scope, id));
  }

  async update(scope: Scope, id: string, body: UpdateWebhookDto): Promise<WebhookDto> {
    await this.find(scope, id);
    if (body.url !== undefined) {
      await this.checkUrl(body.url);
    }
    await this.endpoints.update(scope, id, {
      url: body.url,
      eventTypes: body.eventTypes,
      description: body.description,
      enabled: body.enabled,
      ...(body.enabled === true ? { disabledReason: null } : {}),
      ...(body.enabled === false ? { disabledReason: 'Disabled through the API' } : {}),
    });
    return this.get(scope, id);
  }

  async remove(scope: Scope, id: string): Promise<void> {
    if (!isUuid(id) || !(await this.endpoints.delete(scope, id))) {
      throw new WebhookNotFoundError();
    }
  }

  /** A new secret, effective for every attempt from now on; the old one stops verifying. */
  async rotateSecret(scope: Scope, id: string): Promise<WebhookWithSecretDto> {
    const row = await this.find(scope, id);
    const secret = newWebhookSecret();
    await this.endpoints.setSecret(
      scope,
      id,
      this.vault.encrypt(secret, webhookSecretContext(row.id)),
    );
    return { ...toWebhookDto(row), secret };
  }

  async deliveries(
    scope: Scope,
    id: string,
    query: ListDeliveriesQuery,
  ): Promise<WebhookDeliveryListDto> {
    await this.find(scope, id);
    return fetchPage(
      query,
      (rows, before) =>
        this.deliveryRecords.listDeliveries(scope, id, {
          status: query.status,
          limit: rows,
          before,
        }),
      toDeliveryDto,
    );
  }

  /**
   * Sends a finished delivery again: same event id, a fresh budget of attempts. Once the restart
   * is committed the delivery is pending, and the outbox relay re-drives a pending delivery the
   * queue never got: a queue outage here still answers with it.
   */
  async redeliver(scope: Scope, id: string, deliveryId: string): Promise<WebhookDeliveryDto> {
    const endpoint = await this.find(scope, id);
    const delivery = isUuid(deliveryId)
      ? await this.deliveryRecords.findDelivery(scope, id, deliveryId)
      : null;
    if (!delivery) {
      throw new DeliveryNotFoundError();
    }
    if (!endpoint.enabled) {
      throw new WebhookDisabledError();
    }
    const restarted = await this.deliveryRecords.restartDelivery(scope, deliveryId);
    if (!restarted) {
      throw new DeliveryPendingError();
    }
    await tolerateQueueOutage(this.enqueueDelivery(restarted), this.logger, 'the outbox relay');
    return toDeliveryDto((await this.deliveryRecords.findDelivery(scope, id, deliveryId))!);
  }

  /**
   * The endpoint `id` of the scope's profile as automations see it (its existence and whether it
   * is enabled).
   */
  async endpointOf(scope: Scope, id: string): Promise<{ id: string; enabled: boolean } | null> {
    const row = await this.endpoints.findForUser(scope, id);
    return row ? { id: row.id, enabled: row.enabled } : null;
  }

  /**
   * A delivery of event `eventId` to endpoint `endpointId`, in the caller's transaction (an
   * automation's webhook action); null when the endpoint is gone or disabled, or it exists.
   */
  addDelivery(
    em: EntityManager,
    endpointId: string,
    eventId: string,
  ): Promise<{ id: string; attempts: number } | null> {
    return this.deliveryRecords.deliverTo(em, endpointId, eventId);
  }

  /** Enqueues the next attempt of a delivery added with addDelivery, once committed. */
  async enqueueDelivery(delivery: { id: string; attempts: number }): Promise<void> {
    await this.queue.add('webhook', webhookJobId(delivery.id, delivery.attempts), {
      deliveryId: delivery.id,
    });
  }

  private async find(scope: Scope, id: string): Promise<WebhookEndpointEntity> {
    const row = isUuid(id) ? await this.endpoints.findForUser(scope, id) : null;
    if (!row) {
      throw new WebhookNotFoundError();
    }
    return row;
  }

  private async checkUrl(url: string): Promise<void> {
    const refusal = await this.addresses.refuse(url);
    if (refusal !== undefined) {
      throw new BadWebhookUrlError('body.url', refusal, url);
    }
  }
}

function iso(date: Date | null): string | null {
  return date ? date.toISOString() : null;
}

function toWebhookDto(row: WebhookEndpointEntity): WebhookDto {
  return {
    id: row.id,
    url: row.url,
    description: row.description,
    eventTypes: row.eventTypes,
    enabled: row.enabled,
    disabledReason: row.disabledReason,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}

function toDeliveryDto(row: WebhookDeliveryEntity): WebhookDeliveryDto {
  return {
    id: row.id,
    webhookId: row.endpointId,
    eventId: row.eventId,
    eventType: row.eventType,
    status: row.status,
    attempts: row.attempts,
    nextAttemptAt: row.status === 'pending' ? iso(row.nextAttemptAt) : null,
    lastAttemptAt: iso(row.lastAttemptAt),
    lastStatusCode: row.lastStatusCode,
    lastError: row.lastError,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}
