import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { Scope } from '../../common/auth/route-auth';
import { sqlRows } from '../../database/sql';
import type { MetricFigures } from '../connectors';

export interface MetricSample {
  runId: string;
  readAt: Date;
  figures: MetricFigures;
  raw: Record<string, unknown>;
}

/** The latest figures of one published run, for aggregates. */
export interface LatestFigures {
  runId: string;
  platform: string;
  accountId: string;
  figures: MetricFigures;
}

export interface AggregateFilter {
  from: Date;
  to: Date;
  platform?: string;
  accountId?: string;
}

/** post_metric_samples read back: a post's time series, and the latest figures of a period. */
@Injectable()
export class MetricSamplesRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  async seriesOf(scope: Scope, runIds: string[]): Promise<MetricSample[]> {
    const rows = await sqlRows<Record<string, unknown>>(
      this.db,
      `SELECT s.run_id, s.read_at, s.figures, s.raw
         FROM post_metric_samples s JOIN post_metric_reads r ON r.run_id = s.run_id
        WHERE s.user_id = $1 AND r.user_id = $1 AND r.profile_id = $2
          AND s.run_id = ANY($3::uuid[])
        ORDER BY s.read_at, s.id`,
      [scope.userId, scope.profileId, runIds],
    );
    return rows.map((row) => ({
      runId: row.run_id as string,
      readAt: row.read_at as Date,
      figures: row.figures as MetricFigures,
      raw: row.raw as Record<string, unknown>,
    }));
  }

  /** Each run of the scope published in [from, to) with its latest sample, runs never read left out. */
  async latestIn(scope: Scope, filter: AggregateFilter): Promise<LatestFigures[]> {
    const rows = await sqlRows<Record<string, unknown>>(
      this.db,
      `SELECT DISTINCT ON (s.run_id) s.run_id, r.platform, r.account_id, s.figures
         FROM post_metric_samples s JOIN post_metric_reads r ON r.run_id = s.run_id
        WHERE s.user_id = $1 AND r.user_id = $1 AND r.profile_id = $2
          AND r.published_at >= $3 AND r.published_at < $4
          AND ($5::text IS NULL OR r.platform = $5)
          AND ($6::text IS NULL OR r.account_id = $6)
        ORDER BY s.run_id, s.read_at DESC, s.id DESC`,
      [
        scope.userId,
        scope.profileId,
        filter.from,
        filter.to,
        filter.platform ?? null,
        filter.accountId ?? null,
      ],
    );
    return rows.map((row) => ({
      runId: row.run_id as string,
      platform: row.platform as string,
      accountId: row.account_id as string,
      figures: row.figures as MetricFigures,
    }));
  }
}
