import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import type { Scope } from '../../common/auth/route-auth';
import type { CursorPosition } from '../../common/pagination/cursor';
import { WebhookEndpointEntity } from './entities/webhook-endpoint.entity';

type EndpointPatch = Partial<
  Pick<WebhookEndpointEntity, 'url' | 'description' | 'eventTypes' | 'enabled' | 'disabledReason'>
>;

export const CREATED_MS = (alias: string) => `date_trunc('milliseconds', ${alias}.created_at)`;

/** Endpoints, always by owner and profile. */
@Injectable()
export class WebhooksRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  async create(
    scope: Scope,
    row: Pick<WebhookEndpointEntity, 'id' | 'url' | 'description' | 'eventTypes' | 'secret'>,
  ): Promise<WebhookEndpointEntity> {
    const endpoints = this.db.getRepository(WebhookEndpointEntity);
    await endpoints.save(
      endpoints.create({ ...row, userId: scope.userId, profileId: scope.profileId }),
    );
    return (await this.findForUser(scope, row.id))!;
  }

  findForUser(scope: Scope, id: string): Promise<WebhookEndpointEntity | null> {
    return this.db.getRepository(WebhookEndpointEntity).findOne({ where: { ...owner(scope), id } });
  }

  listForUser(scope: Scope, limit: number, before?: CursorPosition) {
    const query = this.db
      .getRepository(WebhookEndpointEntity)
      .createQueryBuilder('e')
      .where('e.user_id = :userId AND e.profile_id = :profileId', owner(scope))
      .orderBy(CREATED_MS('e'), 'DESC')
      .addOrderBy('e.id', 'DESC')
      .limit(limit);
    if (before) {
      query.andWhere(`(${CREATED_MS('e')}, e.id) < (:createdAt, :id)`, before);
    }
    return query.getMany();
  }

  async update(scope: Scope, id: string, patch: EndpointPatch): Promise<void> {
    await this.db.getRepository(WebhookEndpointEntity).update({ ...owner(scope), id }, patch);
  }

  async setSecret(scope: Scope, id: string, secret: string): Promise<void> {
    await this.db.getRepository(WebhookEndpointEntity).update({ ...owner(scope), id }, { secret });
  }

  async delete(scope: Scope, id: string): Promise<boolean> {
    const result = await this.db
      .getRepository(WebhookEndpointEntity)
      .delete({ ...owner(scope), id });
    return (result.affected ?? 0) > 0;
  }

  /**
   * Disables every endpoint of a deleted profile and fails their pending deliveries, inside the
   * deletion's transaction: nothing is sent for the profile any more.
   */
  async disableProfile(em: EntityManager, scope: Scope, reason: string): Promise<void> {
    await em.query(
      `WITH disabled AS (
         UPDATE webhook_endpoints SET enabled = false, disabled_reason = $3, updated_at = now()
          WHERE user_id = $1 AND profile_id = $2 RETURNING id)
       UPDATE webhook_deliveries SET status = 'failed', last_error = $3, updated_at = now()
        WHERE endpoint_id IN (SELECT id FROM disabled) AND status = 'pending'`,
      [scope.userId, scope.profileId, reason],
    );
  }
}

function owner(scope: Scope): { userId: string; profileId: string } {
  return { userId: scope.userId, profileId: scope.profileId };
}
