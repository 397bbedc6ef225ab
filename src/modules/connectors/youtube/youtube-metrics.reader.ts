import { Injectable } from '@nestjs/common';
import { platformApiBase } from '../../../config/platform-api-hosts';
import { SokuConfig } from '../../../config/soku-config';
import {
  allUnavailable,
  count,
  type MetricsReadRequest,
  PostMetricsReader,
  type PostMetricsResult,
  reported,
} from '../metrics/post-metrics-reader';
import { PublishError } from '../platform-connector';
import { asObject, callPlatform } from '../platform-http';
import { youtubeFailure } from './youtube-errors';

/** Google's reasons for a token that may not read the channel's videos. */
const NO_PERMISSION = new Set(['insufficientPermissions', 'forbidden']);

/**
 * YouTube Data API v3 `videos.list?part=statistics&id=…`, up to 50 ids a call
 * (https://developers.google.com/youtube/v3/docs/videos/list, parameter `id`). Ids it does not
 * find are left out of `items`: those posts are unavailable (deleted or private).
 */
@Injectable()
export class YoutubeMetricsReader extends PostMetricsReader {
  readonly platform = 'youtube';
  readonly batchSize = 50;

  constructor(private readonly config: SokuConfig) {
    super();
  }

  async read(request: MetricsReadRequest): Promise<PostMetricsResult[]> {
    if (!request.accessToken) {
      throw new PublishError('auth', 'token_missing', 'The account has no access token');
    }
    const url = new URL('/youtube/v3/videos', platformApiBase(this.config, 'youtube'));
    url.searchParams.set('part', 'statistics');
    url.searchParams.set('id', request.posts.map((post) => post.platformPostId).join(','));
    url.searchParams.set('maxResults', String(this.batchSize));
    const answer = await callPlatform(
      {
        method: 'GET',
        url: url.toString(),
        headers: { Authorization: `Bearer ${request.accessToken}` },
      },
      { timeoutMs: this.config.platformApi.timeoutMs, platformName: 'YouTube' },
    );
    if (answer.status !== 200) {
      const failure = youtubeFailure(answer, this.config.platformApi.quotaRetryMs);
      if (answer.status === 403 && NO_PERMISSION.has(failure.code)) {
        return allUnavailable(request, 'metrics_unavailable', failure.message);
      }
      throw failure;
    }
    const items = Array.isArray(answer.json.items) ? answer.json.items.map(asObject) : [];
    const byId = new Map(items.map((item) => [String(item.id), asObject(item.statistics)]));
    return request.posts.map((post): PostMetricsResult => {
      const stats = byId.get(post.platformPostId);
      if (!stats) {
        return {
          runId: post.runId,
          status: 'unavailable',
          code: 'post_not_found',
          reason: 'YouTube: the video is not found (deleted, or private to this token)',
        };
      }
      return {
        runId: post.runId,
        status: 'read',
        raw: stats,
        figures: reported({
          impressions: undefined,
          views: count(stats.viewCount),
          likes: count(stats.likeCount),
          comments: count(stats.commentCount),
          shares: undefined,
          saves: count(stats.favoriteCount),
          clicks: undefined,
        }),
      };
    });
  }
}
