import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type SelectQueryBuilder } from 'typeorm';
import type { Scope } from '../../common/auth/route-auth';
import type { CursorPosition } from '../../common/pagination/cursor';
import type { Outcome, SubmissionWithOutcome } from './post-view';
import { PostSubmissionEntity } from './entities/post-submission.entity';
import type { SubmissionStatus } from './statuses';
import { OUTCOME_SQL } from './submissions.repository';

/** What a post list filters on; the admin search adds platform and a creation window. */
export interface SubmissionListFilter {
  status?: SubmissionStatus;
  outcome?: Outcome;
  /** Submissions with a run on this platform. */
  platform?: string;
  createdFrom?: Date;
  createdTo?: Date;
  /** A window of `scheduled_time`, as a calendar shows it. */
  scheduledFrom?: Date;
  scheduledTo?: Date;
  limit: number;
  /** Keyset position: strictly older than this. */
  before?: CursorPosition;
}

const CREATED_MS = "date_trunc('milliseconds', s.created_at)";

/**
 * Lists of submissions, newest first: one profile's for user routes, one user's or everyone's
 * for the admin.
 */
@Injectable()
export class SubmissionListRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  /** One profile's submissions: every user route lists through this. */
  listInScope(scope: Scope, filter: SubmissionListFilter): Promise<SubmissionWithOutcome[]> {
    return this.withOutcomes(
      this.filtered(filter).andWhere('s.user_id = :userId AND s.profile_id = :profileId', {
        userId: scope.userId,
        profileId: scope.profileId,
      }),
    );
  }

  /** One user's submissions in every profile: the admin search of one user only. */
  listForUser(userId: string, filter: SubmissionListFilter): Promise<SubmissionWithOutcome[]> {
    return this.withOutcomes(this.filtered(filter).andWhere('s.user_id = :userId', { userId }));
  }

  /** Every user's submissions: the admin search only. */
  searchAllUsers(filter: SubmissionListFilter): Promise<SubmissionWithOutcome[]> {
    return this.withOutcomes(this.filtered(filter));
  }

  private filtered(filter: SubmissionListFilter): SelectQueryBuilder<PostSubmissionEntity> {
    const query = this.db
      .createQueryBuilder(PostSubmissionEntity, 's')
      .addSelect(OUTCOME_SQL, 'outcome')
      .where('true')
      // Millisecond precision, as in the cursor, so a page boundary never skips or repeats a row.
      .orderBy(CREATED_MS, 'DESC')
      .addOrderBy('s.id', 'DESC')
      .limit(filter.limit);
    if (filter.status) {
      query.andWhere('s.status = :status', { status: filter.status });
    }
    if (filter.outcome) {
      query.andWhere(`${OUTCOME_SQL} = :outcome`, { outcome: filter.outcome });
    }
    if (filter.platform) {
      query.andWhere(
        'EXISTS (SELECT 1 FROM post_runs pr WHERE pr.submission_id = s.id AND pr.platform = :platform)',
        { platform: filter.platform },
      );
    }
    if (filter.createdFrom) {
      query.andWhere('s.created_at >= :createdFrom', { createdFrom: filter.createdFrom });
    }
    if (filter.createdTo) {
      query.andWhere('s.created_at < :createdTo', { createdTo: filter.createdTo });
    }
    if (filter.scheduledFrom) {
      query.andWhere('s.scheduled_time >= :scheduledFrom', { scheduledFrom: filter.scheduledFrom });
    }
    if (filter.scheduledTo) {
      query.andWhere('s.scheduled_time < :scheduledTo', { scheduledTo: filter.scheduledTo });
    }
    if (filter.before) {
      query.andWhere(`(${CREATED_MS}, s.id) < (:createdAt, :id)`, filter.before);
    }
    return query;
  }

  private async withOutcomes(
    query: SelectQueryBuilder<PostSubmissionEntity>,
  ): Promise<SubmissionWithOutcome[]> {
    const { entities, raw } = await query.getRawAndEntities();
    return entities.map((submission, i) => ({
      submission,
      outcome: (raw[i] as { outcome: Outcome }).outcome,
    }));
  }
}
