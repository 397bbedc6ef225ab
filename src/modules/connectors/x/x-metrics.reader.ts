import { Injectable } from '@nestjs/common';
import { platformApiBase } from '../../../config/platform-api-hosts';
import {
  allUnavailable,
  count,
  type MetricsReadRequest,
  type PostMetricsResult,
  reported,
  sumOf,
} from '../metrics/post-metrics-reader';
import { ConfiguredMetricsReader } from '../metrics/configured-metrics-reader';
import { type ReadItem, requireToken, resultsById } from '../metrics/results-by-id';
import { asObject, asString } from '../platform-http';
import { PublishError } from '../platform-connector';
import { XClient } from './x-client';

/**
 * X API v2 post lookup: `GET /2/tweets?ids=…&tweet.fields=public_metrics`, up to 100 ids a call
 * (https://docs.x.com/x-api/posts/get-posts-by-ids). Deleted or hidden posts come back in
 * `errors`, one per id; a 403 (the token or app may not read posts) leaves every post unavailable.
 */
@Injectable()
export class XMetricsReader extends ConfiguredMetricsReader {
  readonly platform = 'x';
  readonly batchSize = 100;

  async read(request: MetricsReadRequest): Promise<PostMetricsResult[]> {
    const client = new XClient(
      platformApiBase(this.config, 'x'),
      this.config.platformApi.timeoutMs,
      requireToken(request),
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
    return resultsById(
      request,
      found,
      readTweet,
      (id) => `X: ${asString(missing.get(id)?.detail) ?? 'the post is not visible any more'}`,
    );
  }
}

function readTweet(tweet: Record<string, unknown>): ReadItem {
  const metrics = asObject(tweet.public_metrics);
  return {
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
}

function listOf(value: unknown): Record<string, unknown>[] {
  return Array.isArray(value) ? value.map(asObject) : [];
}
