import { Injectable } from '@nestjs/common';
import type { Scope } from '../../common/auth/route-auth';
import { isUuid } from '../../common/validation/uuid';
import { METRIC_NAMES, type MetricFigures } from '../connectors';
import { type PostRunView, PublishingService } from '../publishing';
import { AnalyticsPeriodError, AnalyticsPostNotFoundError } from './analytics.errors';
import type { AnalyticsSummaryDto, PostAnalyticsDto, RunAnalyticsDto } from './dto/analytics.dto';
import type { AnalyticsQuery } from './dto/analytics.query';
import { MetricReadsRepository, type ScheduledRead } from './metric-reads.repository';
import {
  type LatestFigures,
  type MetricSample,
  MetricSamplesRepository,
} from './metric-samples.repository';

const DAY_MS = 86_400_000;
const DEFAULT_PERIOD_MS = 30 * DAY_MS;
const MAX_PERIOD_MS = 366 * DAY_MS;

/**
 * The analytics routes: a post's figures per run, and the caller's totals over a period, both
 * within the request's profile (another profile's post does not exist here).
 */
@Injectable()
export class AnalyticsService {
  constructor(
    private readonly publishing: PublishingService,
    private readonly reads: MetricReadsRepository,
    private readonly samples: MetricSamplesRepository,
  ) {}

  async forPost(scope: Scope, postId: string): Promise<PostAnalyticsDto> {
    const post = isUuid(postId) ? await this.publishing.get(scope, postId) : null;
    if (!post) {
      throw new AnalyticsPostNotFoundError();
    }
    const runIds = post.runs.map((run) => run.id);
    const [scheduled, series] = await Promise.all([
      this.reads.scheduledOf(scope, runIds),
      this.samples.seriesOf(scope, runIds),
    ]);
    const byRun = new Map(scheduled.map((read) => [read.runId, read]));
    return {
      postId: post.id,
      runs: post.runs.map((run) =>
        runAnalytics(
          run,
          byRun.get(run.id),
          series.filter((sample) => sample.runId === run.id),
        ),
      ),
    };
  }

  async summary(scope: Scope, query: AnalyticsQuery): Promise<AnalyticsSummaryDto> {
    const to = query.to ? new Date(query.to) : new Date();
    const from = query.from ? new Date(query.from) : new Date(to.getTime() - DEFAULT_PERIOD_MS);
    const received = { from: from.toISOString(), to: to.toISOString() };
    if (from >= to) {
      throw new AnalyticsPeriodError('from must be before to', received);
    }
    if (to.getTime() - from.getTime() > MAX_PERIOD_MS) {
      throw new AnalyticsPeriodError('the period must be at most 366 days', received);
    }
    const latest = await this.samples.latestIn(scope, {
      from,
      to,
      platform: query.platform,
      accountId: query.accountId,
    });
    const platforms = [...new Set(latest.map((run) => run.platform))].sort();
    return {
      ...received,
      posts: latest.length,
      totals: totalsOf(latest),
      byPlatform: platforms.map((platform) => {
        const runs = latest.filter((run) => run.platform === platform);
        return { platform, posts: runs.length, totals: totalsOf(runs) };
      }),
    };
  }
}

function runAnalytics(
  run: PostRunView,
  read: ScheduledRead | undefined,
  series: MetricSample[],
): RunAnalyticsDto {
  const last = series[series.length - 1];
  return {
    runId: run.id,
    platform: run.platform,
    accountId: run.accountId,
    platformPostId: run.platformPostId,
    state: !run.platformPostId
      ? 'not_published'
      : read?.nextReadAt === null
        ? 'complete'
        : 'collecting',
    nextReadAt: read?.nextReadAt?.toISOString() ?? null,
    latest: last
      ? { readAt: last.readAt.toISOString(), figures: last.figures, raw: last.raw }
      : null,
    unavailable: read?.unavailable ?? null,
    series: series.map((sample) => ({
      readAt: sample.readAt.toISOString(),
      figures: sample.figures,
    })),
  };
}

/** Each figure summed over the runs that report it; a name none reports is left out. */
function totalsOf(runs: LatestFigures[]): MetricFigures {
  const totals: MetricFigures = {};
  for (const run of runs) {
    for (const name of METRIC_NAMES) {
      const value = run.figures[name];
      if (typeof value === 'number') {
        totals[name] = (totals[name] ?? 0) + value;
      }
    }
  }
  return totals;
}
