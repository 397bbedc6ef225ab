import { Injectable } from '@nestjs/common';
import { GraphInsightsReader, type InsightsApi } from '../meta/graph-insights';
import { reported } from '../metrics/post-metrics-reader';

/**
 * Instagram media insights (https://developers.facebook.com/docs/instagram-platform/reference/
 * instagram-media/insights): `views`, `reach`, `likes`, `comments`, `shares`, `saved`; needs the
 * `instagram_business_manage_insights` permission.
 */
@Injectable()
export class InstagramMetricsReader extends GraphInsightsReader {
  readonly platform = 'instagram';
  protected readonly api: InsightsApi = {
    platform: 'instagram',
    platformName: 'Instagram',
    version: this.config.platformApi.metaGraphVersion,
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
