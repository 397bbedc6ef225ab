import type { LinkedinPost } from './linkedin-fake';
import type { Received, Reply } from './recording-server';

/*
 * LI_METRICS_DOCS: the pages these routes encode, cited beside each check by name.
 *   shareStats   https://learn.microsoft.com/en-us/linkedin/marketing/community-management/organizations/share-statistics
 *   memberStats  https://learn.microsoft.com/en-us/linkedin/marketing/community-management/members/post-statistics
 *   restli       https://learn.microsoft.com/en-us/linkedin/shared/api-guide/concepts/protocol-version ("Rest.li 2.0")
 */

/** Test control, not a platform rule: a token with this suffix was granted no analytics scope. */
export const WITHOUT_ANALYTICS = '_without_analytics';

const MEMBER_METRICS = ['IMPRESSION', 'MEMBERS_REACHED', 'RESHARE', 'REACTION', 'COMMENT'];

/** Deterministic lifetime counts per post URN, so tests know what LinkedIn would answer. */
export function linkedinCounts(urn: string): Record<string, number> {
  const seed = Number(urn.slice(-4)) || 5;
  return {
    impressionCount: seed * 11,
    uniqueImpressionsCount: seed * 7,
    clickCount: seed % 17,
    likeCount: seed % 23,
    commentCount: seed % 5,
    shareCount: seed % 3,
  };
}

const refusal = (status: number, code: string, message: string): Reply => ({
  status,
  json: { status, code, message, serviceErrorCode: status === 403 ? 100 : 0 },
});

/** The metrics routes over the fake's posts, or undefined when `req` is for another route. */
export function linkedinMetricsRoute(
  fake: { posts: LinkedinPost[]; metricsRefusals: Reply[] },
  req: Received,
  token: string,
): Reply | undefined {
  const route =
    req.method !== 'GET'
      ? undefined
      : req.path === '/rest/organizationalEntityShareStatistics'
        ? shareStatistics
        : req.path === '/rest/memberCreatorPostAnalytics'
          ? memberAnalytics
          : undefined;
  return route && (fake.metricsRefusals.shift() ?? route(fake.posts, req, token));
}

function shareStatistics(posts: LinkedinPost[], req: Received, token: string): Reply {
  const organization = req.query.get('organizationalEntity') ?? '';
  // q=organizationalEntity and an organization URN are required (LI_METRICS_DOCS.shareStats).
  if (
    req.query.get('q') !== 'organizationalEntity' ||
    !organization.startsWith('urn:li:organization:')
  ) {
    return refusal(400, 'ILLEGAL_ARGUMENT', 'organizationalEntity is required');
  }
  // Needs rw_organization_admin (LI_METRICS_DOCS.shareStats, "Permissions").
  if (token.endsWith(WITHOUT_ANALYTICS)) {
    return refusal(
      403,
      'ACCESS_DENIED',
      'Not enough permissions to access: organizationalEntityShareStatistics.FINDER-organizationalEntity.20261101',
    );
  }
  const urns = [...listOf(req.query.get('shares')), ...listOf(req.query.get('ugcPosts'))];
  const known = urns.filter((urn) =>
    posts.some((post) => post.id === urn && post.author === organization),
  );
  return {
    status: 200,
    json: {
      paging: { start: 0, count: 10, links: [] },
      elements: known.map((urn) => ({
        organizationalEntity: organization,
        ...(urn.startsWith('urn:li:share:') ? { share: urn } : { ugcPost: urn }),
        totalShareStatistics: {
          ...linkedinCounts(urn),
          engagement: 0.05,
        },
      })),
    },
  };
}

function memberAnalytics(posts: LinkedinPost[], req: Received, token: string): Reply {
  const entity = /^\((share|ugc):(urn:li:(?:share|ugcPost):\d+)\)$/.exec(
    req.query.get('entity') ?? '',
  );
  const queryType = req.query.get('queryType') ?? '';
  // q=entity, an entity of type share or ugcPost, a queryType and an aggregation
  // (LI_METRICS_DOCS.memberStats, "Retrieve Single Post Statistics").
  if (
    req.query.get('q') !== 'entity' ||
    !entity ||
    !MEMBER_METRICS.includes(queryType) ||
    !['TOTAL', 'DAILY'].includes(req.query.get('aggregation') ?? '')
  ) {
    return refusal(400, 'ILLEGAL_ARGUMENT', 'Invalid query parameters');
  }
  // Needs r_member_postAnalytics (LI_METRICS_DOCS.memberStats, "Permissions").
  if (token.endsWith(WITHOUT_ANALYTICS)) {
    return refusal(
      403,
      'ACCESS_DENIED',
      'Not enough permissions to access: memberCreatorPostAnalytics.FINDER-entity.20261101',
    );
  }
  const urn = entity[2];
  if (!posts.some((post) => post.id === urn && post.author.startsWith('urn:li:person:'))) {
    return refusal(404, 'NOT_FOUND', `Entity ${urn} not found`);
  }
  const counts = linkedinCounts(urn);
  const value = {
    IMPRESSION: counts.impressionCount,
    MEMBERS_REACHED: counts.uniqueImpressionsCount,
    RESHARE: counts.shareCount,
    REACTION: counts.likeCount,
    COMMENT: counts.commentCount,
  }[queryType];
  return {
    status: 200,
    json: {
      paging: { start: 0, count: 10, links: [] },
      elements: [
        {
          count: value,
          metricType: {
            'com.linkedin.adsexternalapi.memberanalytics.v1.CreatorPostAnalyticsMetricTypeV1':
              queryType,
          },
        },
      ],
    },
  };
}

/** `List(a,b)` of Rest.li 2.0, its items URL-encoded (LI_METRICS_DOCS.restli). */
function listOf(value: string | null): string[] {
  const inner = /^List\((.*)\)$/.exec(value ?? '')?.[1];
  return inner ? inner.split(',').map(decodeURIComponent) : [];
}
