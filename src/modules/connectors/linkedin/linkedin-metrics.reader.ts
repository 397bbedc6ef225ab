import { Injectable } from '@nestjs/common';
import {
  allUnavailable,
  count,
  type MetricsReadRequest,
  type PostMetricsResult,
  reported,
} from '../metrics/post-metrics-reader';
import { ConfiguredMetricsReader } from '../metrics/configured-metrics-reader';
import { countsOf, type ReadItem, requireToken, resultsById } from '../metrics/results-by-id';
import { type PlatformAnswer, asObject, asString } from '../platform-http';
import { LinkedinApi } from './linkedin-api';

/** The member post metrics asked one by one (IMPRESSION, REACTION, COMMENT, RESHARE). */
const MEMBER_METRICS = ['IMPRESSION', 'REACTION', 'COMMENT', 'RESHARE'] as const;
type MemberMetric = (typeof MEMBER_METRICS)[number];

/**
 * LinkedIn post metrics through the versioned REST API. An organization's posts:
 * `organizationalEntityShareStatistics?q=organizationalEntity&shares=List(…)&ugcPosts=List(…)`,
 * lifetime totals of many posts a call (needs `rw_organization_admin`; the past 12 months only).
 * A member's: `memberCreatorPostAnalytics?q=entity`, one metric of one post a call (needs
 * `r_member_postAnalytics`). A 403 (the scope was not granted) leaves every post unavailable.
 */
@Injectable()
export class LinkedinMetricsReader extends ConfiguredMetricsReader {
  readonly platform = 'linkedin';
  readonly batchSize = 20;
  private readonly api = new LinkedinApi(this.config);

  async read(request: MetricsReadRequest): Promise<PostMetricsResult[]> {
    const token = requireToken(request);
    const organization = asString(request.metadata.organizationUrn);
    return organization
      ? this.readOrganization(request, token, organization)
      : this.readMember(request, token);
  }

  private async readOrganization(
    request: MetricsReadRequest,
    token: string,
    organization: string,
  ): Promise<PostMetricsResult[]> {
    const urns = request.posts.map((post) => post.platformPostId);
    const list = (kind: string) => {
      const picked = urns.filter((urn) => urn.startsWith(`urn:li:${kind}:`));
      return picked.length > 0
        ? [`${kind}s=List(${picked.map(encodeURIComponent).join(',')})`]
        : [];
    };
    // Rest.li 2.0: the URNs inside List(…) are encoded, its parentheses and commas are not.
    const query = [
      'q=organizationalEntity',
      `organizationalEntity=${encodeURIComponent(organization)}`,
      ...list('share'),
      ...list('ugcPost'),
    ].join('&');
    const answer = await this.api.callAs(token, {
      method: 'GET',
      url: this.api.url(`/rest/organizationalEntityShareStatistics?${query}`),
    });
    if (answer.status === 403) {
      return allUnavailable(request, 'metrics_unavailable', this.api.failure(answer).message);
    }
    if (answer.status !== 200) {
      throw this.api.failure(answer);
    }
    const elements = Array.isArray(answer.json.elements) ? answer.json.elements.map(asObject) : [];
    const byUrn = new Map(
      elements.map((element) => [
        String(element.share ?? element.ugcPost),
        asObject(element.totalShareStatistics),
      ]),
    );
    return resultsById(
      request,
      byUrn,
      readShareStatistics,
      () => 'LinkedIn: no statistics for the post (deleted, or older than 12 months)',
    );
  }

  private async readMember(
    request: MetricsReadRequest,
    token: string,
  ): Promise<PostMetricsResult[]> {
    const found = new Map<string, Record<MemberMetric, number | undefined>>();
    for (const post of request.posts) {
      const counts = {} as Record<MemberMetric, number | undefined>;
      for (const metric of MEMBER_METRICS) {
        const answer = await this.memberCount(token, post.platformPostId, metric);
        if (answer.status === 403) {
          return allUnavailable(request, 'metrics_unavailable', this.api.failure(answer).message);
        }
        if (answer.status === 404) {
          break;
        }
        if (answer.status !== 200) {
          throw this.api.failure(answer);
        }
        counts[metric] = totalOf(answer);
      }
      if (Object.keys(counts).length === MEMBER_METRICS.length) {
        found.set(post.platformPostId, counts);
      }
    }
    return resultsById(
      request,
      found,
      readMemberCounts,
      () => 'LinkedIn: the post is not found (deleted, or not this member’s)',
    );
  }

  private memberCount(token: string, urn: string, metric: MemberMetric): Promise<PlatformAnswer> {
    // The entity is a union keyed by the URN's kind: (share:urn…) or (ugc:urn…).
    const kind = urn.startsWith('urn:li:ugcPost:') ? 'ugc' : 'share';
    const query = [
      'q=entity',
      `entity=(${kind}:${encodeURIComponent(urn)})`,
      `queryType=${metric}`,
      'aggregation=TOTAL',
    ].join('&');
    return this.api.callAs(token, {
      method: 'GET',
      url: this.api.url(`/rest/memberCreatorPostAnalytics?${query}`),
    });
  }
}

/** A TOTAL aggregation answers one element with its `count` (none: nothing counted yet). */
function totalOf(answer: PlatformAnswer): number {
  const elements = Array.isArray(answer.json.elements) ? answer.json.elements.map(asObject) : [];
  return elements.reduce((sum, element) => sum + (count(element.count) ?? 0), 0);
}

function readShareStatistics(stats: Record<string, unknown>): ReadItem {
  return countsOf(stats, {
    impressions: 'impressionCount',
    likes: 'likeCount',
    comments: 'commentCount',
    shares: 'shareCount',
    clicks: 'clickCount',
  });
}

function readMemberCounts(counts: Record<MemberMetric, number | undefined>): ReadItem {
  return {
    raw: { ...counts },
    figures: reported({
      impressions: counts.IMPRESSION,
      views: undefined,
      likes: counts.REACTION,
      comments: counts.COMMENT,
      shares: counts.RESHARE,
      saves: undefined,
      clicks: undefined,
    }),
  };
}
