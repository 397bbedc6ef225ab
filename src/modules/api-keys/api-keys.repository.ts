import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { type EntityManager, type Repository } from 'typeorm';
import { ApiKeyEntity } from './entities/api-key.entity';

@Injectable()
export class ApiKeysRepository {
  constructor(@InjectRepository(ApiKeyEntity) private readonly keys: Repository<ApiKeyEntity>) {}

  insert(
    key: Pick<ApiKeyEntity, 'id' | 'userId' | 'name' | 'last4' | 'profileId'>,
  ): Promise<ApiKeyEntity> {
    return this.keys.save(this.keys.create(key));
  }

  listForUser(userId: string): Promise<ApiKeyEntity[]> {
    return this.keys.find({ where: { userId }, order: { createdAt: 'DESC', id: 'ASC' } });
  }

  findForUser(userId: string, id: string): Promise<ApiKeyEntity | null> {
    return this.keys.findOneBy({ userId, id });
  }

  /** Authentication looks a key up by its hash alone: the hash is the credential. */
  findByHash(
    id: string,
  ): Promise<Pick<ApiKeyEntity, 'id' | 'userId' | 'revokedAt' | 'profileId'> | null> {
    return this.keys.findOne({
      where: { id },
      select: { id: true, userId: true, revokedAt: true, profileId: true },
    });
  }

  async revokeForUser(userId: string, id: string): Promise<void> {
    await this.keys
      .createQueryBuilder()
      .update()
      .set({ revokedAt: () => 'now()' })
      .where('id = :id AND user_id = :userId AND revoked_at IS NULL', { id, userId })
      .execute();
  }

  /** Revokes the keys bound to a profile being deleted, in the deletion's transaction. */
  async revokeBoundTo(db: EntityManager, userId: string, profileId: string): Promise<void> {
    await db.query(
      `UPDATE api_keys SET revoked_at = now()
        WHERE user_id = $1 AND profile_id = $2 AND revoked_at IS NULL`,
      [userId, profileId],
    );
  }

  async idsBoundTo(userId: string, profileId: string): Promise<string[]> {
    const rows = await this.keys.find({ where: { userId, profileId }, select: { id: true } });
    return rows.map((row) => row.id);
  }

  async touch(ids: string[]): Promise<void> {
    await this.keys.query(
      `UPDATE api_keys SET last_used_at = now()
        WHERE id = ANY($1) AND (last_used_at IS NULL OR last_used_at < now() - interval '1 minute')`,
      [ids],
    );
  }
}
