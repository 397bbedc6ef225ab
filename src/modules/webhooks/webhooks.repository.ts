import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { CursorPosition } from '../../common/pagination/cursor';
import { WebhookEndpointEntity } from './entities/webhook-endpoint.entity';

type EndpointPatch = Partial<
  Pick<WebhookEndpointEntity, 'url' | 'description' | 'eventTypes' | 'enabled' | 'disabledReason'>
>;

export const CREATED_MS = (alias: string) => `date_trunc('milliseconds', ${alias}.created_at)`;

/** Endpoints, always by owner. */
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
}
