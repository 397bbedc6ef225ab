import { Injectable } from '@nestjs/common';
import { platformApiBase } from '../../../config/platform-api-hosts';
import {
  allUnavailable,
  type MetricsReadRequest,
  type PostMetricsResult,
} from '../metrics/post-metrics-reader';
import { ConfiguredMetricsReader } from '../metrics/configured-metrics-reader';
import { countsOf, type ReadItem, requireToken, resultsById } from '../metrics/results-by-id';
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
export class TiktokMetricsReader extends ConfiguredMetricsReader {
  readonly platform = 'tiktok';
  readonly batchSize = 20;

  async read(request: MetricsReadRequest): Promise<PostMetricsResult[]> {
    const token = requireToken(request);
    const answer = await callPlatform(
      {
        method: 'POST',
        url: `${platformApiBase(this.config, 'tiktok')}/v2/video/query/?fields=${FIELDS}`,
        headers: { Authorization: `Bearer ${token}` },
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
    return resultsById(
      request,
      byId,
      readVideo,
      () => 'TikTok: the video is not among the creator’s public videos',
    );
  }
}

function readVideo(video: Record<string, unknown>): ReadItem {
  return countsOf(video, {
    views: 'view_count',
    likes: 'like_count',
    comments: 'comment_count',
    shares: 'share_count',
  });
}
