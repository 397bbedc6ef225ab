import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import type { Scope } from '../../../common/auth/route-auth';
import type { CursorPosition } from '../../../common/pagination/cursor';
import { sqlEntities, sqlRows } from '../../../database/sql';
import { type DeliveryStatus, WebhookDeliveryEntity } from '../entities/webhook-delivery.entity';
import { CREATED_MS } from '../webhooks.repository';

/** A claimed attempt: the delivery, its endpoint and the event it carries. */
export interface ClaimedDelivery {
  id: string;
  attempts: number;
  endpointId: string;
  url: string;
  /** Vault ciphertext of the signing secret. */
  secret: string;
  enabled: boolean;
  eventId: string;
  type: string;
  /** The profile of the event (and of the endpoint). */
  profileId: string;
  createdAt: Date;
  data: unknown;
}

/** A delivery and the attempt its next job is for. */
export interface DueDelivery {
  id: string;
  attempts: number;
}

/** The endpoint of a delivery `d` is one of the scope's ($1 user, $2 profile). */
const IN_SCOPE = `EXISTS (SELECT 1 FROM webhook_endpoints e
   WHERE e.id = d.endpoint_id AND e.user_id = $1 AND e.profile_id = $2)`;

/**
 * Webhook deliveries: the owner's reads (by the profile of their endpoint), and the worker's
 * fan-out, claims and outcomes (by delivery id: the worker serves every user).
 */
@Injectable()
export class DeliveriesRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  listDeliveries(
    scope: Scope,
    endpointId: string,
    filter: { status?: DeliveryStatus; limit: number; before?: CursorPosition },
  ): Promise<WebhookDeliveryEntity[]> {
    const query = this.db
      .getRepository(WebhookDeliveryEntity)
      .createQueryBuilder('d')
      .where(
        `d.user_id = :userId AND d.endpoint_id = :endpointId AND EXISTS (
           SELECT 1 FROM webhook_endpoints e
            WHERE e.id = d.endpoint_id AND e.user_id = :userId AND e.profile_id = :profileId)`,
        { userId: scope.userId, profileId: scope.profileId, endpointId },
      )
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

  async findDelivery(
    scope: Scope,
    endpointId: string,
    id: string,
  ): Promise<WebhookDeliveryEntity | null> {
    const [row] = await sqlEntities(
      this.db,
      WebhookDeliveryEntity,
      `SELECT d.* FROM webhook_deliveries d
        WHERE d.id = $3 AND d.endpoint_id = $4 AND d.user_id = $1 AND ${IN_SCOPE}`,
      [scope.userId, scope.profileId, id, endpointId],
    );
    return row ?? null;
  }

  /** A finished delivery back to pending with a fresh budget of attempts; null if not finished. */
  async restartDelivery(
    scope: Scope,
    id: string,
  ): Promise<{ id: string; attempts: number } | null> {
    const [row] = await sqlRows(
      this.db,
      `UPDATE webhook_deliveries d SET status = 'pending', attempts = 0, next_attempt_at = now(),
              updated_at = now()
        WHERE d.id = $3 AND d.user_id = $1 AND d.status <> 'pending' AND ${IN_SCOPE}
        RETURNING d.id, d.attempts`,
      [scope.userId, scope.profileId, id],
    );
    return row ? { id: row.id as string, attempts: row.attempts as number } : null;
  }

  /**
   * Deliveries of `eventIds` to every enabled endpoint of the event's owner and profile
   * subscribed to its type, inside the relay's transaction. Existing ones are left alone.
   */
  async fanOut(em: EntityManager, eventIds: string[]): Promise<{ id: string; attempts: number }[]> {
    const rows = await sqlRows(
      em,
      `INSERT INTO webhook_deliveries (endpoint_id, user_id, event_id, event_type)
       SELECT e.id, ev.user_id, ev.id, ev.type FROM events ev
         JOIN webhook_endpoints e ON e.user_id = ev.user_id AND e.profile_id = ev.profile_id
                                 AND e.enabled AND ev.type = ANY(e.event_types)
        WHERE ev.id = ANY($1)
       ON CONFLICT DO NOTHING RETURNING id, attempts`,
      [eventIds],
    );
    return rows.map((row) => ({ id: row.id as string, attempts: row.attempts as number }));
  }

  /**
   * One delivery of one event to one endpoint of the event's owner and profile (an automation's
   * webhook action).
   */
  async deliverTo(
    em: EntityManager,
    endpointId: string,
    eventId: string,
  ): Promise<{ id: string; attempts: number } | null> {
    const [row] = await sqlRows(
      em,
      `INSERT INTO webhook_deliveries (endpoint_id, user_id, event_id, event_type)
       SELECT e.id, ev.user_id, ev.id, ev.type FROM events ev
         JOIN webhook_endpoints e ON e.user_id = ev.user_id AND e.profile_id = ev.profile_id
                                 AND e.id = $1 AND e.enabled
        WHERE ev.id = $2
       ON CONFLICT DO NOTHING RETURNING id, attempts`,
      [endpointId, eventId],
    );
    return row ? { id: row.id as string, attempts: row.attempts as number } : null;
  }

  /**
   * Takes the delivery's next attempt for `leaseMs`: its endpoint and event, or null when it is
   * finished, not due yet or held by another attempt.
   */
  async claim(deliveryId: string, leaseMs: number): Promise<ClaimedDelivery | null> {
    const [row] = await sqlRows(
      this.db,
      `UPDATE webhook_deliveries d SET attempts = d.attempts + 1, last_attempt_at = now(),
              next_attempt_at = now() + ($2 || ' milliseconds')::interval, updated_at = now()
         FROM webhook_endpoints e, events ev
        WHERE d.id = $1 AND d.status = 'pending' AND d.next_attempt_at <= now()
          AND e.id = d.endpoint_id AND ev.id = d.event_id
        RETURNING d.id, d.attempts, e.id AS endpoint_id, e.url, e.secret, e.enabled,
                  ev.id AS event_id, ev.type, ev.profile_id, ev.created_at, ev.data`,
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
          profileId: row.profile_id as string,
          createdAt: row.created_at as Date,
          data: row.data,
        }
      : null;
  }

  /** pending → a final status with the last answer. */
  async finish(
    id: string,
    status: 'succeeded' | 'failed',
    code: number | null,
    error: string | null,
    db: DataSource | EntityManager = this.db,
  ): Promise<void> {
    await db.query(
      `UPDATE webhook_deliveries SET status = $2, last_status_code = $3, last_error = $4, updated_at = now()
        WHERE id = $1 AND status = 'pending'`,
      [id, status, code, error?.slice(0, 2000) ?? null],
    );
  }

  /** 410 Gone: the delivery fails and its endpoint is disabled, together. */
  async failGone(delivery: { id: string; endpointId: string }, error: string): Promise<void> {
    await this.db.transaction(async (em) => {
      await em.query(
        `UPDATE webhook_endpoints SET enabled = false, disabled_reason = $2, updated_at = now() WHERE id = $1`,
        [delivery.endpointId, 'The endpoint answered 410 Gone'],
      );
      await this.finish(delivery.id, 'failed', 410, error, em);
    });
  }

  /** Still pending, due again at `at`, with the answer that made it retry. */
  async retryAt(id: string, at: Date, code: number | null, error: string): Promise<void> {
    await this.db.query(
      `UPDATE webhook_deliveries SET next_attempt_at = $2, last_status_code = $3, last_error = $4, updated_at = now()
        WHERE id = $1 AND status = 'pending'`,
      [id, at, code, error.slice(0, 2000)],
    );
  }

  /** Pending deliveries that are due, oldest first: the relay re-drives what the queue lost. */
  due(limit: number): Promise<DueDelivery[]> {
    return sqlRows<DueDelivery>(
      this.db,
      `SELECT id, attempts FROM webhook_deliveries WHERE status = 'pending' AND next_attempt_at <= now()
        ORDER BY next_attempt_at LIMIT $1`,
      [limit],
    );
  }
}
