import { Injectable } from '@nestjs/common';
import { GraphInsightsReader, type InsightsApi } from '../meta/graph-insights';
import { reported, sumOf } from '../metrics/post-metrics-reader';

/**
 * Threads media insights (https://developers.facebook.com/docs/threads/insights, "Media
 * Insights"): `views`, `likes`, `replies`, `reposts`, `quotes`, `shares`; needs the
 * `threads_manage_insights` permission.
 */
@Injectable()
export class ThreadsMetricsReader extends GraphInsightsReader {
  readonly platform = 'threads';
  protected readonly api: InsightsApi = {
    platform: 'threads',
    platformName: 'Threads',
    version: this.config.platformApi.threadsVersion,
    metrics: ['views', 'likes', 'replies', 'reposts', 'quotes', 'shares'],
    normalise: (v) =>
      reported({
        impressions: undefined,
        views: v.views,
        likes: v.likes,
        comments: v.replies,
        shares: sumOf(v.reposts, v.quotes, v.shares),
        saves: undefined,
        clicks: undefined,
      }),
  };
}
