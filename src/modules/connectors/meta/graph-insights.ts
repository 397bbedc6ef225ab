import { Injectable } from '@nestjs/common';
import { platformApiBase } from '../../../config/platform-api-hosts';
import type { SokuConfig } from '../../../config/soku-config';
import { ConfiguredMetricsReader } from '../metrics/configured-metrics-reader';
import {
  type MetricFigures,
  type MetricsReadRequest,
  type PostMetricsResult,
} from '../metrics/post-metrics-reader';
import { requireToken } from '../metrics/results-by-id';
import { asObject, asString, callPlatform } from '../platform-http';
import { classifyGraphError } from './graph-errors';

/** Graph codes for a token without the permission (#10) or a missing scope (#200-#299). */
export const isPermissionCode = (code: unknown) =>
  typeof code === 'number' && (code === 10 || (code >= 200 && code <= 299));

export interface InsightsApi {
  platform: 'instagram' | 'threads';
  platformName: string;
  version: string;
  /** The `metric` list asked for. */
  metrics: string[];
  /** The platform's named values → the normalised figures. */
  normalise(values: Record<string, number>): MetricFigures;
}

/**
 * The metrics reader of a platform whose media insights are Graph's `/{media-id}/insights`
 * (Instagram, Threads): the subclass names its API, the reading is shared.
 */
@Injectable()
export abstract class GraphInsightsReader extends ConfiguredMetricsReader {
  readonly batchSize = 1;
  protected abstract readonly api: InsightsApi;

  read(request: MetricsReadRequest): Promise<PostMetricsResult[]> {
    return readGraphInsights(this.config, this.api, request);
  }
}

/**
 * `GET /{media-id}/insights?metric=…` of Instagram and Threads, one post a call: answers
 * `data: [{name, values: [{value}]}]` (or `total_value.value`). A missing permission leaves the
 * post unavailable in Meta's words; other refusals are classified as for publishing.
 */
export async function readGraphInsights(
  config: SokuConfig,
  api: InsightsApi,
  request: MetricsReadRequest,
): Promise<PostMetricsResult[]> {
  const token = requireToken(request);
  const results: PostMetricsResult[] = [];
  for (const post of request.posts) {
    const url = new URL(
      `${platformApiBase(config, api.platform)}/${api.version}/${post.platformPostId}/insights`,
    );
    url.searchParams.set('metric', api.metrics.join(','));
    url.searchParams.set('access_token', token);
    const answer = await callPlatform(
      { method: 'GET', url: url.toString() },
      { timeoutMs: config.platformApi.timeoutMs, platformName: api.platformName },
    );
    const error = asObject(answer.json.error);
    if (answer.status >= 200 && answer.status < 300 && !answer.json.error) {
      const values = valuesOf(answer.json.data);
      results.push({
        runId: post.runId,
        status: 'read',
        raw: values,
        figures: api.normalise(values),
      });
    } else if (isPermissionCode(error.code)) {
      results.push({
        runId: post.runId,
        status: 'unavailable',
        code: 'metrics_unavailable',
        reason: `${api.platformName}: ${asString(error.message) ?? 'missing permission'}`,
      });
    } else {
      throw classifyGraphError(answer.status, error, answer.headers, api.platformName);
    }
  }
  return results;
}

function valuesOf(data: unknown): Record<string, number> {
  const values: Record<string, number> = {};
  for (const entry of Array.isArray(data) ? data.map(asObject) : []) {
    const listed = Array.isArray(entry.values) ? asObject(entry.values[0]).value : undefined;
    const value = listed ?? asObject(entry.total_value).value;
    const name = asString(entry.name);
    if (name && typeof value === 'number') {
      values[name] = value;
    }
  }
  return values;
}
