import { loadConfig } from '../../src/config/soku-config';
import { LinkedinMetricsReader } from '../../src/modules/connectors/linkedin/linkedin-metrics.reader';
import type { MetricsReadRequest } from '../../src/modules/connectors/metrics/post-metrics-reader';
import { linkedinCounts, WITHOUT_ANALYTICS } from '../fakes/platforms/fake-linkedin-metrics';
import { FakeLinkedin } from '../fakes/platforms/linkedin-fake';
import { connectorConfig, failureOf } from './connector-harness';

const ORG = 'urn:li:organization:5515715';
const MEMBER = 'urn:li:person:abc123';
const shareUrn = (n: number) => `urn:li:share:7${String(n).padStart(18, '0')}`;

describe('LinkedIn metrics reader against share statistics and member post analytics', () => {
  let linkedin: FakeLinkedin;
  let reader: LinkedinMetricsReader;

  beforeAll(async () => {
    linkedin = await new FakeLinkedin().start();
    reader = new LinkedinMetricsReader(connectorConfig('linkedin', linkedin.url));
  });
  afterAll(() => linkedin.stop());
  beforeEach(() => {
    linkedin.received.length = 0;
    linkedin.posts.length = 0;
    linkedin.metricsRefusals.length = 0;
  });

  const seed = (author: string, n: number) => {
    for (let i = 1; i <= n; i++) {
      linkedin.posts.push({ id: shareUrn(i), author, commentary: `${i}`, body: {}, createdAt: 0 });
    }
  };
  const readOf = (
    metadata: Record<string, unknown>,
    urns: string[],
    accessToken = 'valid-token',
  ): MetricsReadRequest => ({
    platform: 'linkedin',
    accountId: 'li_main',
    accessToken,
    metadata,
    posts: urns.map((urn, i) => ({
      runId: `run-${i}`,
      platformPostId: urn,
      publishedAt: new Date(),
    })),
  });

  it("reads an organization's posts in one share-statistics call, normalised", async () => {
    seed(ORG, 2);
    const results = await reader.read(readOf({ organizationUrn: ORG }, [shareUrn(1), shareUrn(2)]));
    const calls = linkedin.calls('GET', '/rest/organizationalEntityShareStatistics');
    expect(calls).toHaveLength(1);
    expect(calls[0].headers['linkedin-version']).toBe(loadConfig({}).platformApi.linkedinVersion);
    expect(calls[0].headers['x-restli-protocol-version']).toBe('2.0.0');
    expect(calls[0].query.get('q')).toBe('organizationalEntity');
    expect(calls[0].query.get('organizationalEntity')).toBe(ORG);
    expect(calls[0].query.get('shares')).toBe(`List(${shareUrn(1)},${shareUrn(2)})`);
    const stats = linkedinCounts(shareUrn(2));
    expect(results[1]).toEqual({
      runId: 'run-1',
      status: 'read',
      raw: { ...stats, engagement: 0.05 },
      figures: {
        impressions: stats.impressionCount,
        likes: stats.likeCount,
        comments: stats.commentCount,
        shares: stats.shareCount,
        clicks: stats.clickCount,
      },
    });
  });

  it("reads a member's post through memberCreatorPostAnalytics, one metric a call", async () => {
    seed(MEMBER, 1);
    const [result] = await reader.read(readOf({ personUrn: MEMBER }, [shareUrn(1)]));
    const calls = linkedin.calls('GET', '/rest/memberCreatorPostAnalytics');
    expect(calls.map((call) => call.query.get('queryType'))).toEqual([
      'IMPRESSION',
      'REACTION',
      'COMMENT',
      'RESHARE',
    ]);
    expect(calls[0].query.get('entity')).toBe(`(share:${shareUrn(1)})`);
    expect(calls[0].query.get('aggregation')).toBe('TOTAL');
    const stats = linkedinCounts(shareUrn(1));
    expect(result).toMatchObject({
      status: 'read',
      figures: {
        impressions: stats.impressionCount,
        likes: stats.likeCount,
        comments: stats.commentCount,
        shares: stats.shareCount,
      },
    });
  });

  it('reads a post LinkedIn has no statistics for as post_not_found, beside the others', async () => {
    seed(ORG, 1);
    const results = await reader.read(readOf({ organizationUrn: ORG }, [shareUrn(1), shareUrn(9)]));
    expect(results.map((result) => result.status)).toEqual(['read', 'unavailable']);
    expect(results[1]).toMatchObject({ code: 'post_not_found' });
  });

  it.each([
    ['organization', { organizationUrn: ORG }, ORG, 'organizationalEntityShareStatistics'],
    ['member', { personUrn: MEMBER }, MEMBER, 'memberCreatorPostAnalytics'],
  ])(
    'gives metrics_unavailable with LinkedIn words for a(n) %s token without the analytics scope',
    async (_kind, metadata, author, endpoint) => {
      seed(author, 2);
      const results = await reader.read(
        readOf(metadata, [shareUrn(1), shareUrn(2)], `valid-token${WITHOUT_ANALYTICS}`),
      );
      expect(results).toHaveLength(2);
      for (const result of results) {
        expect(result).toMatchObject({ status: 'unavailable', code: 'metrics_unavailable' });
        expect(result.status === 'unavailable' && result.reason).toContain(
          `LinkedIn: Not enough permissions to access: ${endpoint}`,
        );
      }
    },
  );

  it('asks to come back after the Retry-After of a 429', async () => {
    seed(ORG, 1);
    // LinkedIn answers throttling with 429 (https://learn.microsoft.com/en-us/linkedin/shared/
    // api-guide/concepts/rate-limits); Retry-After is how long to wait.
    linkedin.metricsRefusals.push({
      status: 429,
      headers: { 'retry-after': '120' },
      json: { status: 429, code: 'TOO_MANY_REQUESTS', message: 'Resource level throttle limit' },
    });
    const failure = await failureOf(reader.read(readOf({ organizationUrn: ORG }, [shareUrn(1)])));
    expect(failure).toMatchObject({ kind: 'retryable', retryAfterMs: 120_000 });
  });

  it('is an auth failure for a rejected token, for the collector to retry later', async () => {
    seed(ORG, 1);
    const failure = await failureOf(
      reader.read(readOf({ organizationUrn: ORG }, [shareUrn(1)], 'revoked')),
    );
    expect(failure).toMatchObject({ kind: 'auth', code: 'INVALID_ACCESS_TOKEN' });
  });
});
