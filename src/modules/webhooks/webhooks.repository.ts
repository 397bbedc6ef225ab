import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import type { CursorPosition } from '../../common/pagination/cursor';
import { sqlRows } from '../../database/sql';
import { type DeliveryStatus, WebhookDeliveryEntity } from './entities/webhook-delivery.entity';
import { WebhookEndpointEntity } from './entities/webhook-endpoint.entity';

type EndpointPatch = Partial<
  Pick<WebhookEndpointEntity, 'url' | 'description' | 'eventTypes' | 'enabled' | 'disabledReason'>
>;

const CREATED_MS = (alias: string) => `date_trunc('milliseconds', ${alias}.created_at)`;

/** Endpoints and deliveries, always by owner. */
@Injectable()
export class WebhooksRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  async create(
    row: Pick<
      WebhookEndpointEntity,
      'id' | 'userId' | 'url' | 'description' | 'eventTypes' | 'secret'
    >,
  ): Promise<WebhookEndpointEntity> {
    const saved = await this.db
      .getRepository(WebhookEndpointEntity)
      .save(this.db.getRepository(WebhookEndpointEntity).create(row));
    return (await this.findForUser(row.userId, saved.id))!;
  }

  findForUser(userId: string, id: string): Promise<WebhookEndpointEntity | null> {
    return this.db.getRepository(WebhookEndpointEntity).findOne({ where: { userId, id } });
  }

  listForUser(userId: string, limit: number, before?: CursorPosition) {
    const query = this.db
      .getRepository(WebhookEndpointEntity)
      .createQueryBuilder('e')
      .where('e.user_id = :userId', { userId })
      .orderBy(CREATED_MS('e'), 'DESC')
      .addOrderBy('e.id', 'DESC')
      .limit(limit);
    if (before) {
      query.andWhere(`(${CREATED_MS('e')}, e.id) < (:createdAt, :id)`, before);
    }
    return query.getMany();
  }

  async update(userId: string, id: string, patch: EndpointPatch): Promise<void> {
    await this.db.getRepository(WebhookEndpointEntity).update({ userId, id }, patch);
  }

  async setSecret(userId: string, id: string, secret: string): Promise<void> {
    await this.db.getRepository(WebhookEndpointEntity).update({ userId, id }, { secret });
  }

  async delete(userId: string, id: string): Promise<boolean> {
    const result = await this.db.getRepository(WebhookEndpointEntity).delete({ userId, id });
    return (result.affected ?? 0) > 0;
  }

  listDeliveries(
    userId: string,
    endpointId: string,
    filter: { status?: DeliveryStatus; limit: number; before?: CursorPosition },
  ): Promise<WebhookDeliveryEntity[]> {
    const query = this.db
      .getRepository(WebhookDeliveryEntity)
      .createQueryBuilder('d')
      .where('d.user_id = :userId AND d.endpoint_id = :endpointId', { userId, endpointId })
      .orderBy(CREATED_MS('d'), 'DESC')
      .addOrderBy('d.id', 'DESC')
      .limit(filter.limit);
    if (filter.status) {
      query.andWhere('d.status = :status', { status: filter.status });
    }
    if (filter.before) {
      query.andWhere(`(${CREATED_MS('d')}, d.id) < (:createdAt, :id)`, filter.before);
    }
    return query.getMany();
  }

  findDelivery(
    userId: string,
    endpointId: string,
    id: string,
  ): Promise<WebhookDeliveryEntity | null> {
    return this.db
      .getRepository(WebhookDeliveryEntity)
      .findOne({ where: { userId, endpointId, id } });
  }

  /** A finished delivery back to pending with a fresh budget of attempts; null if not finished. */
  async restartDelivery(
    userId: string,
    id: string,
  ): Promise<{ id: string; attempts: number } | null> {
    const [row] = await sqlRows(
      this.db,
      `UPDATE webhook_deliveries SET status = 'pending', attempts = 0, next_attempt_at = now(), updated_at = now()
        WHERE id = $1 AND user_id = $2 AND status <> 'pending' RETURNING id, attempts`,
      [id, userId],
    );
    return row ? { id: row.id as string, attempts: row.attempts as number } : null;
  }

  /**
   * Deliveries of `eventIds` to every enabled endpoint of the owner subscribed to their type,
   * inside the relay's transaction. Existing ones are left alone.
   */
  async fanOut(em: EntityManager, eventIds: string[]): Promise<{ id: string; attempts: number }[]> {
    const rows = await sqlRows(
      em,
      `INSERT INTO webhook_deliveries (endpoint_id, user_id, event_id, event_type)
       SELECT e.id, ev.user_id, ev.id, ev.type FROM events ev
         JOIN webhook_endpoints e ON e.user_id = ev.user_id AND e.enabled AND ev.type = ANY(e.event_types)
        WHERE ev.id = ANY($1)
       ON CONFLICT DO NOTHING RETURNING id, attempts`,
      [eventIds],
    );
    return rows.map((row) => ({ id: row.id as string, attempts: row.attempts as number }));
  }

  /** One delivery of one event to one endpoint of the owner (an automation's webhook action). */
  async deliverTo(
    em: EntityManager,
    endpointId: string,
    eventId: string,
  ): Promise<{ id: string; attempts: number } | null> {
    const [row] = await sqlRows(
      em,
      `INSERT INTO webhook_deliveries (endpoint_id, user_id, event_id, event_type)
       SELECT e.id, ev.user_id, ev.id, ev.type FROM events ev
         JOIN webhook_endpoints e ON e.user_id = ev.user_id AND e.id = $1 AND e.enabled
        WHERE ev.id = $2
       ON CONFLICT DO NOTHING RETURNING id, attempts`,
      [endpointId, eventId],
    );
    return row ? { id: row.id as string, attempts: row.attempts as number } : null;
  }
}
