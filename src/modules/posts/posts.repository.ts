import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager, type SelectQueryBuilder } from 'typeorm';
import { PostRunEntity } from './entities/post-run.entity';
import { PostSubmissionEntity, type SubmissionStatus } from './entities/post-submission.entity';

export type Outcome = 'pending' | 'succeeded' | 'partial' | 'failed' | 'cancelled';

export interface SubmissionWithOutcome {
  submission: PostSubmissionEntity;
  outcome: Outcome;
}

export interface ListFilter {
  status?: SubmissionStatus;
  outcome?: Outcome;
  limit: number;
  /** Keyset position: strictly older than this. */
  before?: { createdAt: Date; id: string };
}

/** The admin search's filters beyond the public list's: platform and creation window. */
export interface SearchFilter extends ListFilter {
  /** Submissions with a run on this platform. */
  platform?: string;
  createdFrom?: Date;
  createdTo?: Date;
}

const CREATED_MS = "date_trunc('milliseconds', s.created_at)";

/** The derived outcome, in SQL so lists can filter on it. */
export const OUTCOME_SQL = `(
  SELECT CASE
    WHEN s.status = 'cancelled' THEN 'cancelled'
    WHEN bool_or(r.status IN ('queued', 'processing')) THEN 'pending'
    WHEN bool_and(r.status = 'succeeded') THEN 'succeeded'
    WHEN bool_or(r.status = 'succeeded') THEN 'partial'
    ELSE 'failed' END
  FROM post_runs r WHERE r.submission_id = s.id)`;

@Injectable()
export class PostsRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  /**
   * The submission and all its runs in one statement, in a transaction with `alongside` (media
   * claims, the idempotent answer); returns the submission's id.
   */
  createSubmission(
    submission: Omit<
      PostSubmissionEntity,
      'id' | 'status' | 'createdAt' | 'updatedAt' | 'mediaIds'
    >,
    runs: Pick<PostRunEntity, 'platform' | 'accountId' | 'integrationId' | 'targetId'>[],
    alongside: (em: EntityManager, submissionId: string) => Promise<void>,
  ): Promise<string> {
    return this.db.transaction(async (em) => {
      const [{ id }]: { id: string }[] = await em.query(
        `WITH s AS (
           INSERT INTO post_submissions (user_id, content, media_type, scheduled_time,
             enable_repurposing, origin_submission_id, origin_automation_id, automation_chain)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id
         ), r AS (
           INSERT INTO post_runs (submission_id, user_id, platform, account_id, integration_id,
             target_id)
           SELECT s.id, $1, t.platform, t.account_id, t.integration_id, t.target_id
             FROM s, unnest($9::text[], $10::text[], $11::uuid[], $12::text[])
                  AS t(platform, account_id, integration_id, target_id)
         )
         SELECT id FROM s`,
        [
          submission.userId,
          submission.content,
          submission.mediaType,
          submission.scheduledTime,
          submission.enableRepurposing,
          submission.originSubmissionId,
          submission.originAutomationId,
          submission.automationChain,
          runs.map((run) => run.platform),
          runs.map((run) => run.accountId),
          runs.map((run) => run.integrationId),
          runs.map((run) => run.targetId),
        ],
      );
      await alongside(em, id);
      return id;
    });
  }

  async findForUser(userId: string, id: string): Promise<SubmissionWithOutcome | null> {
    const row = await this.db
      .createQueryBuilder(PostSubmissionEntity, 's')
      .addSelect(OUTCOME_SQL, 'outcome')
      .where('s.id = :id AND s.user_id = :userId', { id, userId })
      .getRawAndEntities();
    const submission = row.entities[0];
    return submission
      ? { submission, outcome: (row.raw[0] as { outcome: Outcome }).outcome }
      : null;
  }

  runsOf(submissionIds: string[]): Promise<PostRunEntity[]> {
    if (submissionIds.length === 0) {
      return Promise.resolve([]);
    }
    return this.db
      .getRepository(PostRunEntity)
      .createQueryBuilder('r')
      .where('r.submission_id IN (:...submissionIds)', { submissionIds })
      .orderBy('r.created_at', 'ASC')
      .addOrderBy('r.target_id', 'ASC')
      .getMany();
  }

  /** One owner's submissions, newest first: every user route lists through this. */
  listForUser(userId: string, filter: SearchFilter): Promise<SubmissionWithOutcome[]> {
    return this.withOutcomes(this.filtered(filter).andWhere('s.user_id = :userId', { userId }));
  }

  /** Every user's submissions, newest first: the admin search only. */
  searchAllUsers(filter: SearchFilter): Promise<SubmissionWithOutcome[]> {
    return this.withOutcomes(this.filtered(filter));
  }

  private filtered(filter: SearchFilter): SelectQueryBuilder<PostSubmissionEntity> {
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

  /** Locks the submission and its runs for a state change decided by `decide`. */
  withLockedSubmission<T>(
    userId: string,
    id: string,
    decide: (
      em: EntityManager,
      submission: PostSubmissionEntity | null,
      runs: PostRunEntity[],
    ) => Promise<T>,
  ): Promise<T> {
    return this.db.transaction(async (em) => {
      const submission = await em.findOne(PostSubmissionEntity, {
        where: { id, userId },
        lock: { mode: 'pessimistic_write' },
      });
      const runs = submission
        ? await em.find(PostRunEntity, {
            where: { submissionId: id },
            lock: { mode: 'pessimistic_write' },
          })
        : [];
      return decide(em, submission, runs);
    });
  }

  async cancelRuns(em: EntityManager, runIds: string[]): Promise<void> {
    await em
      .createQueryBuilder()
      .update(PostRunEntity)
      .set({ status: 'cancelled', nextAttemptAt: null, finishedAt: () => 'now()' })
      .whereInIds(runIds)
      .execute();
  }

  /** Failed runs back to the queue with a fresh budget of attempts; the last error stays visible. */
  async requeueRuns(em: EntityManager, runIds: string[]): Promise<void> {
    await em
      .createQueryBuilder()
      .update(PostRunEntity)
      .set({ status: 'queued', attempts: 0, nextAttemptAt: null, finishedAt: null })
      .whereInIds(runIds)
      .execute();
  }
}
