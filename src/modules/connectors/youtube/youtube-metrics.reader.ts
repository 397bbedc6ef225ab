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
import { youtubeFailure } from './youtube-errors';

/** Google's reasons for a token that may not read the channel's videos. */
const NO_PERMISSION = new Set(['insufficientPermissions', 'forbidden']);

/**
 * YouTube Data API v3 `videos.list?part=statistics&id=…`, up to 50 ids a call
 * (https://developers.google.com/youtube/v3/docs/videos/list, parameter `id`). Ids it does not
 * find are left out of `items`: those posts are unavailable (deleted or private).
 */
@Injectable()
export class YoutubeMetricsReader extends ConfiguredMetricsReader {
  readonly platform = 'youtube';
  readonly batchSize = 50;

  async read(request: MetricsReadRequest): Promise<PostMetricsResult[]> {
    const token = requireToken(request);
    const url = new URL('/youtube/v3/videos', platformApiBase(this.config, 'youtube'));
    url.searchParams.set('part', 'statistics');
    url.searchParams.set('id', request.posts.map((post) => post.platformPostId).join(','));
    url.searchParams.set('maxResults', String(this.batchSize));
    const answer = await callPlatform(
      {
        method: 'GET',
        url: url.toString(),
        headers: { Authorization: `Bearer ${token}` },
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
    return resultsById(
      request,
      byId,
      readStatistics,
      () => 'YouTube: the video is not found (deleted, or private to this token)',
    );
  }
}

function readStatistics(stats: Record<string, unknown>): ReadItem {
  return countsOf(stats, {
    views: 'viewCount',
    likes: 'likeCount',
    comments: 'commentCount',
    saves: 'favoriteCount',
  });
}
