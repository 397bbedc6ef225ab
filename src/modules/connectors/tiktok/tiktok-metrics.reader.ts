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
import { tiktokFailure } from './tiktok-errors';

/** The token was granted without `video.list`, the scope video/query needs. */
const MISSING_SCOPE = new Set(['scope_not_authorized', 'scope_permission_missed']);
const FIELDS = 'id,view_count,like_count,comment_count,share_count';

/**
 * TikTok Display API `POST /v2/video/query/?fields=…` with `filters.video_ids`, up to 20 ids a
 * call (https://developers.tiktok.com/doc/tiktok-api-v2-video-query). Ids it does not return are
 * not the creator's public videos any more.
 */
@Injectable()
export class TiktokMetricsReader extends PostMetricsReader {
  readonly platform = 'tiktok';
  readonly batchSize = 20;

  constructor(private readonly config: SokuConfig) {
    super();
  }

  async read(request: MetricsReadRequest): Promise<PostMetricsResult[]> {
    if (!request.accessToken) {
      throw new PublishError('auth', 'token_missing', 'The account has no access token');
    }
    const answer = await callPlatform(
      {
        method: 'POST',
        url: `${platformApiBase(this.config, 'tiktok')}/v2/video/query/?fields=${FIELDS}`,
        headers: { Authorization: `Bearer ${request.accessToken}` },
        json: { filters: { video_ids: request.posts.map((post) => post.platformPostId) } },
      },
      { timeoutMs: this.config.platformApi.timeoutMs, platformName: 'TikTok' },
    );
    const failure = tiktokFailure(answer, this.config.platformApi.quotaRetryMs);
    if (failure && MISSING_SCOPE.has(failure.code)) {
      return allUnavailable(request, 'metrics_unavailable', failure.message);
    }
    if (failure) {
      throw failure;
    }
    const videos = asObject(answer.json.data).videos;
    const byId = new Map(
      (Array.isArray(videos) ? videos.map(asObject) : []).map((video) => [String(video.id), video]),
    );
    return request.posts.map((post): PostMetricsResult => {
      const video = byId.get(post.platformPostId);
      if (!video) {
        return {
          runId: post.runId,
          status: 'unavailable',
          code: 'post_not_found',
          reason: 'TikTok: the video is not among the creator’s public videos',
        };
      }
      return {
        runId: post.runId,
        status: 'read',
        raw: video,
        figures: reported({
          impressions: undefined,
          views: count(video.view_count),
          likes: count(video.like_count),
          comments: count(video.comment_count),
          shares: count(video.share_count),
          saves: undefined,
          clicks: undefined,
        }),
      };
    });
  }
}
