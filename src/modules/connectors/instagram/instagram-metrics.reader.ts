import { Injectable } from '@nestjs/common';
import { SokuConfig } from '../../../config/soku-config';
import { type InsightsApi, readGraphInsights } from '../meta/graph-insights';
import {
  type MetricsReadRequest,
  PostMetricsReader,
  type PostMetricsResult,
  reported,
} from '../metrics/post-metrics-reader';

/**
 * Instagram media insights (https://developers.facebook.com/docs/instagram-platform/reference/
 * instagram-media/insights): `views`, `reach`, `likes`, `comments`, `shares`, `saved`; needs the
 * `instagram_business_manage_insights` permission.
 */
@Injectable()
export class InstagramMetricsReader extends PostMetricsReader {
  readonly platform = 'instagram';
  readonly batchSize = 1;
  private readonly api: InsightsApi;

  constructor(private readonly config: SokuConfig) {
    super();
    this.api = {
      platform: 'instagram',
      platformName: 'Instagram',
      version: config.platformApi.metaGraphVersion,
      metrics: ['views', 'reach', 'likes', 'comments', 'shares', 'saved'],
      normalise: (v) =>
        reported({
          impressions: v.reach,
          views: v.views,
          likes: v.likes,
          comments: v.comments,
          shares: v.shares,
          saves: v.saved,
          clicks: undefined,
        }),
    };
  }

  read(request: MetricsReadRequest): Promise<PostMetricsResult[]> {
    return readGraphInsights(this.config, this.api, request);
  }
}
