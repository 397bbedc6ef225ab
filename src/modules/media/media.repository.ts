import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { type EntityManager, Repository } from 'typeorm';
import type { Scope } from '../../common/auth/route-auth';
import { MediaUsageEntity } from './entities/media-usage.entity';
import { MediaEntity } from './entities/media.entity';
import type { CursorPosition } from '../../common/pagination/cursor';

/** The owner columns of a scope: every read of media filters on both. */
const owner = ({ userId, profileId }: Scope) => ({ userId, profileId });

/** Every read of a user's media takes the owner scope (user and profile). */
@Injectable()
export class MediaRepository {
  constructor(
    @InjectRepository(MediaEntity) private readonly media: Repository<MediaEntity>,
    @InjectRepository(MediaUsageEntity) private readonly usages: Repository<MediaUsageEntity>,
  ) {}

  findInScope(scope: Scope, id: string): Promise<MediaEntity | null> {
    return this.media.findOneBy({ ...owner(scope), id });
  }

  findReadyBySha256(scope: Scope, sha256: string): Promise<MediaEntity | null> {
    return this.media.findOneBy({ ...owner(scope), sha256, status: 'ready' });
  }

  /** For serving public files: the URL itself is the capability, as it is on S3. */
  findReadyByStorageKey(storageKey: string): Promise<MediaEntity | null> {
    return this.media.findOneBy({ storageKey, status: 'ready' });
  }

  /** Ready media, newest first, strictly after `before`. */
  listInScope(scope: Scope, limit: number, before?: CursorPosition): Promise<MediaEntity[]> {
    const query = this.media
      .createQueryBuilder('m')
      .where('m.user_id = :userId AND m.profile_id = :profileId AND m.status = :status', {
        ...owner(scope),
        status: 'ready',
      })
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

  async update(scope: Scope, id: string, changes: Partial<MediaEntity>): Promise<void> {
    await this.media.update({ ...owner(scope), id }, changes);
  }

  async deleteInScope(scope: Scope, id: string): Promise<void> {
    await this.media.delete({ ...owner(scope), id });
  }

  /** Deletes the scope's media inside `tx`, after lockInScope took its row. */
  async deleteWithin(tx: EntityManager, scope: Scope, id: string): Promise<void> {
    await tx.getRepository(MediaEntity).delete({ ...owner(scope), id });
  }

  async isInUse(mediaId: string): Promise<boolean> {
    return (await this.usages.countBy({ mediaId })) > 0;
  }

  /** Lock the row so a concurrent DELETE and usage claim cannot both win. */
  lockInScope(manager: EntityManager, scope: Scope, ids: string[]): Promise<MediaEntity[]> {
    return manager
      .getRepository(MediaEntity)
      .createQueryBuilder('m')
      .setLock('pessimistic_write')
      .where(
        'm.user_id = :userId AND m.profile_id = :profileId AND m.id IN (:...ids) AND m.status = :status',
        { ...owner(scope), ids, status: 'ready' },
      )
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
