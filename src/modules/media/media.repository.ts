import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { type EntityManager, Repository } from 'typeorm';
import { MediaUsageEntity } from './entities/media-usage.entity';
import { MediaEntity } from './entities/media.entity';
import type { CursorPosition } from '../../common/pagination/cursor';

/** Every read of a user's media takes the owner id. */
@Injectable()
export class MediaRepository {
  constructor(
    @InjectRepository(MediaEntity) private readonly media: Repository<MediaEntity>,
    @InjectRepository(MediaUsageEntity) private readonly usages: Repository<MediaUsageEntity>,
  ) {}

  findForUser(userId: string, id: string): Promise<MediaEntity | null> {
    return this.media.findOneBy({ userId, id });
  }

  findReadyBySha256(userId: string, sha256: string): Promise<MediaEntity | null> {
    return this.media.findOneBy({ userId, sha256, status: 'ready' });
  }

  /** For serving public files: the URL itself is the capability, as it is on S3. */
  findReadyByStorageKey(storageKey: string): Promise<MediaEntity | null> {
    return this.media.findOneBy({ storageKey, status: 'ready' });
  }

  /** Ready media, newest first, strictly after `before`. */
  listForUser(userId: string, limit: number, before?: CursorPosition): Promise<MediaEntity[]> {
    const query = this.media
      .createQueryBuilder('m')
      .where('m.user_id = :userId AND m.status = :status', { userId, status: 'ready' })
      .orderBy('m.created_at', 'DESC')
      .addOrderBy('m.id', 'DESC')
      .limit(limit);
    if (before) {
      query.andWhere('(m.created_at, m.id) < (:createdAt, :id)', before);
    }
    return query.getMany();
  }

  insert(media: MediaEntity): Promise<MediaEntity> {
    return this.media.save(this.media.create(media));
  }

  async update(userId: string, id: string, changes: Partial<MediaEntity>): Promise<void> {
    await this.media.update({ userId, id }, changes);
  }

  async deleteForUser(userId: string, id: string): Promise<void> {
    await this.media.delete({ userId, id });
  }

  /** Deletes the user's media inside `tx`, after lockForUser took its row. */
  async deleteWithin(tx: EntityManager, userId: string, id: string): Promise<void> {
    await tx.getRepository(MediaEntity).delete({ id, userId });
  }

  async isInUse(mediaId: string): Promise<boolean> {
    return (await this.usages.countBy({ mediaId })) > 0;
  }

  /** Lock the row so a concurrent DELETE and usage claim cannot both win. */
  lockForUser(manager: EntityManager, userId: string, ids: string[]): Promise<MediaEntity[]> {
    return manager
      .getRepository(MediaEntity)
      .createQueryBuilder('m')
      .setLock('pessimistic_write')
      .where('m.user_id = :userId AND m.id IN (:...ids) AND m.status = :status', {
        userId,
        ids,
        status: 'ready',
      })
      .getMany();
  }

  async addUsages(manager: EntityManager, mediaIds: string[], holder: string): Promise<void> {
    await manager
      .getRepository(MediaUsageEntity)
      .createQueryBuilder()
      .insert()
      .values(mediaIds.map((mediaId) => ({ mediaId, holder })))
      .orIgnore()
      .execute();
  }

  async releaseUsages(manager: EntityManager, holder: string): Promise<void> {
    await manager.getRepository(MediaUsageEntity).delete({ holder });
  }
}
