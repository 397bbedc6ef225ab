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
  sumOf,
} from '../metrics/post-metrics-reader';
import { asObject, asString } from '../platform-http';
import { PublishError } from '../platform-connector';
import { XClient } from './x-client';

/**
 * X API v2 post lookup: `GET /2/tweets?ids=…&tweet.fields=public_metrics`, up to 100 ids a call
 * (https://docs.x.com/x-api/posts/get-posts-by-ids). Deleted or hidden posts come back in
 * `errors`, one per id; a 403 (the token or app may not read posts) leaves every post unavailable.
 */
@Injectable()
export class XMetricsReader extends PostMetricsReader {
  readonly platform = 'x';
  readonly batchSize = 100;

  constructor(private readonly config: SokuConfig) {
    super();
  }

  async read(request: MetricsReadRequest): Promise<PostMetricsResult[]> {
    if (!request.accessToken) {
      throw new PublishError('auth', 'token_missing', 'The account has no access token');
    }
    const client = new XClient(
      platformApiBase(this.config, 'x'),
      this.config.platformApi.timeoutMs,
      request.accessToken,
    );
    let body: Record<string, unknown>;
    try {
      body = await client.call({
        method: 'GET',
        path: '/2/tweets',
        query: {
          ids: request.posts.map((post) => post.platformPostId).join(','),
          'tweet.fields': 'public_metrics',
        },
      });
    } catch (error) {
      if (error instanceof PublishError && error.code === 'forbidden') {
        return allUnavailable(request, 'metrics_unavailable', error.message);
      }
      throw error;
    }
    const found = new Map(listOf(body.data).map((tweet) => [String(tweet.id), tweet]));
    const missing = new Map(
      listOf(body.errors).map((error) => [String(error.value ?? error.resource_id), error]),
    );
    return request.posts.map((post): PostMetricsResult => {
      const tweet = found.get(post.platformPostId);
      if (!tweet) {
        const why = missing.get(post.platformPostId);
        return {
          runId: post.runId,
          status: 'unavailable',
          code: 'post_not_found',
          reason: `X: ${asString(why?.detail) ?? 'the post is not visible any more'}`,
        };
      }
      const metrics = asObject(tweet.public_metrics);
      return {
        runId: post.runId,
        status: 'read',
        raw: metrics,
        figures: reported({
          impressions: count(metrics.impression_count),
          views: undefined,
          likes: count(metrics.like_count),
          comments: count(metrics.reply_count),
          shares: sumOf(count(metrics.retweet_count), count(metrics.quote_count)),
          saves: count(metrics.bookmark_count),
          clicks: undefined,
        }),
      };
    });
  }
}

function listOf(value: unknown): Record<string, unknown>[] {
  return Array.isArray(value) ? value.map(asObject) : [];
}
