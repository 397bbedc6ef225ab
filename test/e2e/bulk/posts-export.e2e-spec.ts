import { parse } from 'csv-parse/sync';
import request from 'supertest';
import { PublishingService } from '../../../src/modules/publishing/publishing.service';
import { addAccount } from '../../utils/accounts';
import { createUser, type TestUser } from '../../utils/identity';
import { createTestApp, type TestApp } from '../../utils/test-app';

const COLUMNS = [
  'postId',
  'createdAt',
  'status',
  'outcome',
  'text',
  'platforms',
  'accountIds',
  'scheduledTime',
  'imageUrls',
  'videoUrl',
  'firstComment',
  'runStatuses',
  'platformPostIds',
  'urls',
  'errorCodes',
];

/** GET /v1/posts/export: the caller's posts with their runs, streamed a page at a time. */
describe('GET /v1/posts/export', () => {
  let t: TestApp;
  let user: TestUser;
  let integrationId: string;

  beforeAll(async () => {
    t = await createTestApp();
  });
  beforeEach(async () => {
    await t.reset();
    user = await createUser(t);
    integrationId = (await addAccount(t, user.userId, 'x', 'x_main')).id;
  });
  afterEach(() => jest.restoreAllMocks());
  afterAll(() => t.close());

  const get = (query: string) =>
    request(t.http).get(`/v1/posts/export${query}`).set('soku-api-key', user.apiKey);

  /** `n` published posts, one a minute from 2026-11-01, every third one's run failed. */
  async function published(n: number, owner = user.userId): Promise<void> {
    await t.dataSource.query(
      `WITH s AS (
         INSERT INTO post_submissions (user_id, status, content, media_type, scheduled_time,
           created_at)
         SELECT $1, 'dispatched', jsonb_build_object('text', 'Post ' || i, 'imageUrls',
                  jsonb_build_array('https://cdn.example.com/' || i || '.png')),
                'image', ts, ts
           FROM generate_series(1, $2) AS i,
                LATERAL (SELECT timestamptz '2026-11-01T00:00:00Z' + i * interval '1 minute') AS t(ts)
         RETURNING id, content->>'text' AS text)
       INSERT INTO post_runs (submission_id, user_id, platform, account_id, integration_id,
         target_id, status, platform_post_id, url, error_code, error_message, attempts)
       SELECT s.id, $1, 'x', 'x_main', $3, 'x:x_main',
              CASE WHEN n % 3 = 0 THEN 'failed' ELSE 'succeeded' END,
              CASE WHEN n % 3 = 0 THEN NULL ELSE 'tw' || n END,
              CASE WHEN n % 3 = 0 THEN NULL ELSE 'https://x.com/i/status/tw' || n END,
              CASE WHEN n % 3 = 0 THEN 'platform_rejected' END,
              CASE WHEN n % 3 = 0 THEN 'Rejected' END, 1
         FROM (SELECT id, substring(text from 6)::int AS n FROM s) AS s`,
      [owner, n, integrationId],
    );
  }

  it('should stream 2,000 posts as CSV, a page at a time, with every run result', async () => {
    await published(2000);
    const other = await createUser(t);
    await published(5, other.userId);
    const reads = jest.spyOn(t.app.get(PublishingService), 'listInScope');

    const res = await get('').expect(200);
    expect(res.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(res.headers['content-disposition']).toMatch(
      /^attachment; filename="soku-posts-\d{4}-\d{2}-\d{2}\.csv"$/,
    );
    // Written as it was read: chunked, no length known up front.
    expect(res.headers['transfer-encoding']).toBe('chunked');
    expect(reads.mock.calls.map(([, filter]) => filter.limit)).toEqual([500, 500, 500, 500, 500]);

    expect(res.text.startsWith('\ufeff')).toBe(true);
    const records: Record<string, string>[] = parse(res.text, { bom: true, columns: true });
    expect(Object.keys(records[0])).toEqual(COLUMNS);
    expect(records).toHaveLength(2000);
    expect(records[0]).toMatchObject({
      text: 'Post 2000',
      platforms: 'x',
      accountIds: 'x_main',
      imageUrls: 'https://cdn.example.com/2000.png',
      runStatuses: 'succeeded',
      platformPostIds: 'tw2000',
      urls: 'https://x.com/i/status/tw2000',
      errorCodes: '',
      status: 'dispatched',
      outcome: 'succeeded',
    });
    expect(records[2]).toMatchObject({ text: 'Post 1998', runStatuses: 'failed', urls: '' });
    expect(records[2].errorCodes).toBe('platform_rejected');
  });

  it('should filter JSON by creation time and status', async () => {
    await published(30);
    const res = await get(
      '?format=json&from=2026-11-01T00:10:00Z&to=2026-11-01T00:20:00Z&status=dispatched',
    ).expect(200);
    expect(res.headers['content-type']).toBe('application/json; charset=utf-8');
    expect(res.headers['content-disposition']).toMatch(/\.json"$/);
    const posts = JSON.parse(res.text) as { content: { text: string }; runs: unknown[] }[];
    expect(posts.map((p) => p.content.text)).toEqual(
      Array.from({ length: 10 }, (_, i) => `Post ${19 - i}`),
    );
    expect(posts[0].runs).toEqual([
      expect.objectContaining({ platform: 'x', accountId: 'x_main', platformPostId: 'tw19' }),
    ]);
    expect(JSON.parse((await get('?format=json&status=queued').expect(200)).text)).toEqual([]);

    const bad = await get('?format=xml&from=yesterday').expect(400);
    expect(bad.body.error.details.map((d: { field: string }) => d.field).sort()).toEqual([
      'query.format',
      'query.from',
    ]);
    await get('?from=2026-11-02T00:00:00Z&to=2026-11-01T00:00:00Z').expect(400);
  });

  it('should export a CSV that POST /v1/posts/bulk imports again', async () => {
    await addAccount(t, user.userId, 'linkedin', 'li_main');
    const later = new Date(Date.now() + 3_600_000).toISOString();
    await request(t.http)
      .post('/v1/posts/bulk')
      .set('soku-api-key', user.apiKey)
      .set('Content-Type', 'text/csv')
      .send(
        `text,platforms,accountIds,scheduledTime,imageUrls,firstComment\n` +
          `"Hello, again",x|linkedin,x_main|li_main,${later},https://cdn.example.com/a.png,"Link ""below"""\n`,
      )
      .expect(200);
    const exported = await get('?status=queued').expect(200);
    const again = await request(t.http)
      .post('/v1/posts/bulk')
      .set('soku-api-key', user.apiKey)
      .set('Content-Type', 'text/csv')
      .send(exported.text)
      .expect(200);
    expect(again.body).toMatchObject({ created: 1, invalid: 0 });
    const contents = await t.dataSource.query(
      `SELECT s.content, array_agg(r.target_id ORDER BY r.target_id) AS targets
         FROM post_submissions s JOIN post_runs r ON r.submission_id = s.id
        GROUP BY s.id, s.content`,
    );
    expect(contents).toHaveLength(2);
    expect(contents[1]).toEqual(contents[0]);
  });
});
