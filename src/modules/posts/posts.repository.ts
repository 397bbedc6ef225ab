import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { type Outcome, type SubmissionStatus, type SubmissionWithOutcome } from '../publishing';
import { PostSubmissionEntity } from '../publishing/entities/post-submission.entity';
import { OUTCOME_SQL } from '../publishing/submissions.repository';

export interface ListFilter {
  status?: SubmissionStatus;
  outcome?: Outcome;
  limit: number;
  /** Keyset position: strictly older than this. */
  before?: { createdAt: Date; id: string };
}

/** The admin search, across users: the list filter plus owner, platform and creation window. */
export interface SearchFilter extends ListFilter {
  userId?: string;
  /** Submissions with a run on this platform. */
  platform?: string;
  createdFrom?: Date;
  createdTo?: Date;
}

const CREATED_MS = "date_trunc('milliseconds', s.created_at)";

@Injectable()
export class PostsRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  listForUser(userId: string, filter: ListFilter): Promise<SubmissionWithOutcome[]> {
    return this.searchAllUsers({ ...filter, userId });
  }

  /** Newest first; without `userId` it spans every user (the admin search). */
  async searchAllUsers(filter: SearchFilter): Promise<SubmissionWithOutcome[]> {
    const query = this.db
      .createQueryBuilder(PostSubmissionEntity, 's')
      .addSelect(OUTCOME_SQL, 'outcome')
      .where('true')
      // Millisecond precision, as in the cursor, so a page boundary never skips or repeats a row.
      .orderBy(CREATED_MS, 'DESC')
      .addOrderBy('s.id', 'DESC')
      .limit(filter.limit);
    if (filter.userId) {
      query.andWhere('s.user_id = :userId', { userId: filter.userId });
    }
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
    if (filter.before) {
      query.andWhere(`(${CREATED_MS}, s.id) < (:createdAt, :id)`, filter.before);
    }
    const { entities, raw } = await query.getRawAndEntities();
    return entities.map((submission, i) => ({
      submission,
      outcome: (raw[i] as { outcome: Outcome }).outcome,
    }));
  }
}
