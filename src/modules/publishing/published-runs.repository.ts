import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { sqlRows } from '../../database/sql';

/** A run that made its post: what a metrics reader needs to find it on the platform. */
export interface PublishedRun {
  runId: string;
  userId: string;
  /** The submission's profile: analytics counts the run there. */
  profileId: string;
  submissionId: string;
  platform: string;
  accountId: string;
  integrationId: string;
  platformPostId: string;
  publishedAt: Date;
}

/** Where a read of published runs stopped: the last one's finish time and id. */
export interface PublishedCursor {
  publishedAt: Date;
  runId: string;
}

interface Row {
  id: string;
  user_id: string;
  profile_id: string;
  submission_id: string;
  platform: string;
  account_id: string;
  integration_id: string;
  platform_post_id: string;
  finished_at: Date;
}

/** post_runs read for what was published, in finish order (post_runs_published_idx). */
@Injectable()
export class PublishedRunsRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  async after(cursor: PublishedCursor, limit: number): Promise<PublishedRun[]> {
    const rows = await sqlRows<Row>(
      this.db,
      `SELECT r.id, r.user_id, s.profile_id, r.submission_id, r.platform, r.account_id,
              r.integration_id, r.platform_post_id, r.finished_at
         FROM post_runs r JOIN post_submissions s ON s.id = r.submission_id
        WHERE r.status = 'succeeded' AND r.platform_post_id IS NOT NULL
          AND (r.finished_at, r.id) > ($1, $2)
        ORDER BY r.finished_at, r.id
        LIMIT $3`,
      [cursor.publishedAt, cursor.runId, limit],
    );
    return rows.map((row) => ({
      runId: row.id,
      userId: row.user_id,
      profileId: row.profile_id,
      submissionId: row.submission_id,
      platform: row.platform,
      accountId: row.account_id,
      integrationId: row.integration_id,
      platformPostId: row.platform_post_id,
      publishedAt: row.finished_at,
    }));
  }
}
