import { Injectable } from '@nestjs/common';
import type { Scope } from '../../common/auth/route-auth';
import type { Transaction } from '../../database/transaction';
import { PostSubmissionEntity } from './entities/post-submission.entity';

/** A profile's pending submissions: what its deletion counts and cancels. */
@Injectable()
export class PendingSubmissionsRepository {
  /**
   * The scope's submissions `cancel` would accept (not cancelled, no run started), row-locked
   * inside `tx`, oldest first so concurrent lockers queue in one order.
   */
  lockCancellable(tx: Transaction, scope: Scope): Promise<PostSubmissionEntity[]> {
    return tx
      .createQueryBuilder(PostSubmissionEntity, 's')
      .where('s.user_id = :userId AND s.profile_id = :profileId', {
        userId: scope.userId,
        profileId: scope.profileId,
      })
      .andWhere(`s.status <> 'cancelled'`)
      .andWhere(
        `NOT EXISTS (SELECT 1 FROM post_runs r
          WHERE r.submission_id = s.id AND (r.status <> 'queued' OR r.attempts > 0))`,
      )
      .orderBy('s.created_at')
      .addOrderBy('s.id')
      .setLock('pessimistic_write')
      .getMany();
  }
}
