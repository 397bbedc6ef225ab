import { Injectable } from '@nestjs/common';
import { SokuConfig } from '../../../config/soku-config';
import { type InsightsApi, readGraphInsights } from '../meta/graph-insights';
import {
  type MetricsReadRequest,
  PostMetricsReader,
  type PostMetricsResult,
  reported,
  sumOf,
} from '../metrics/post-metrics-reader';

/**
 * Threads media insights (https://developers.facebook.com/docs/threads/insights, "Media
 * Insights"): `views`, `likes`, `replies`, `reposts`, `quotes`, `shares`; needs the
 * `threads_manage_insights` permission.
 */
@Injectable()
export class ThreadsMetricsReader extends PostMetricsReader {
  readonly platform = 'threads';
  readonly batchSize = 1;
  private readonly api: InsightsApi;

  constructor(private readonly config: SokuConfig) {
    super();
    this.api = {
      platform: 'threads',
      platformName: 'Threads',
      version: config.platformApi.threadsVersion,
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

  read(request: MetricsReadRequest): Promise<PostMetricsResult[]> {
    return readGraphInsights(this.config, this.api, request);
  }
}
