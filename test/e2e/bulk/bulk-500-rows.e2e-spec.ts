import request from 'supertest';
import { addAccount } from '../../utils/accounts';
import { createUser, type TestUser } from '../../utils/identity';
import { createTestApp, type TestApp } from '../../utils/test-app';

const HEADER = 'rowKey,text,platforms,accountIds,scheduledTime,imageUrls,videoUrl,firstComment';
const later = new Date(Date.now() + 3_600_000).toISOString();

/**
 * Seventeen bad rows of different kinds, each with the column and code it must be refused
 * with; `at` is the row's index in the file (its line is `at + 2`).
 */
const BAD: { at: number; cells: string; column: string; code: string; message?: RegExp }[] = [
  { at: 3, cells: `b1,Hi,myspace,,${later},,,`, column: 'platforms', code: 'invalid_enum_value' },
  {
    at: 40,
    cells: `b2,${'t'.repeat(281)},x,,${later},,,`,
    column: 'platforms',
    code: 'platform_rule',
  },
  { at: 77, cells: `b3,Hi,x,,tomorrow,,,`, column: 'scheduledTime', code: 'invalid_string' },
  {
    at: 101,
    cells: `b4,Hi,x,,12/07/2026 10:00,,,`,
    column: 'scheduledTime',
    code: 'invalid_string',
    message: /spreadsheet date; use ISO 8601 with a time zone/,
  },
  {
    at: 150,
    cells: `b5,Hi,x,,45632.5,,,`,
    column: 'scheduledTime',
    code: 'invalid_string',
    message: /"45632\.5" looks like a spreadsheet date/,
  },
  {
    at: 199,
    cells: `b6,Hi,x,x_nope,${later},,,`,
    column: 'accountIds',
    code: 'missing_integrations',
    message: /^No x account "x_nope"; connected: x_main$/,
  },
  {
    at: 200,
    cells: `b7,Hi,x,,${later},not a url,,`,
    column: 'imageUrls',
    code: 'invalid_string',
    message: /^Invalid URL format$/,
  },
  {
    at: 230,
    cells: `b8,,x,,${later},,,`,
    column: 'platforms',
    code: 'platform_rule',
    message: /^X needs text or media$/,
  },
  {
    at: 260,
    cells: `b9,Hi,threads,,${later},,,`,
    column: 'platforms',
    code: 'missing_integrations',
  },
  {
    at: 299,
    cells: `b10,Hi,x,,2020-01-01T00:00:00Z,,,`,
    column: 'scheduledTime',
    code: 'invalid_string',
    message: /^scheduledTime must be at least 1 minute in the future$/,
  },
  {
    at: 320,
    cells: `b11,Hi,x,,${later},,ftp://example.com/v.mp4,`,
    column: 'videoUrl',
    code: 'invalid_string',
  },
  {
    at: 350,
    cells: `b12,Hi,x`,
    column: 'accountIds',
    code: 'invalid_csv',
    message: /^Expected 8 cells as in the header, found 3$/,
  },
  {
    at: 380,
    cells: `b13,Hi,x|linkedin,x_main,${later},,,`,
    column: 'accountIds',
    code: 'custom',
    message: /one account id per platform/,
  },
  {
    at: 410,
    cells: `b14,Hi,x,,${later},,,${'c'.repeat(281)}`,
    column: 'firstComment',
    code: 'platform_rule',
  },
  {
    at: 440,
    cells: `b15,Hi,x,,2026-12-08T10:00:00,,,`,
    column: 'scheduledTime',
    code: 'invalid_string',
    message: /"2026-12-08T10:00:00" has no time zone/,
  },
  { at: 470, cells: `clé-16,Hi,x,,${later},,,`, column: 'rowKey', code: 'invalid_string' },
  { at: 499, cells: `b17,Hi,,,${later},,,`, column: 'platforms', code: 'invalid_type' },
];

describe('POST /v1/posts/bulk: a 500-row CSV with 17 bad rows', () => {
  let t: TestApp;
  let user: TestUser;

  beforeAll(async () => {
    t = await createTestApp();
    await t.reset();
    user = await createUser(t);
    await addAccount(t, user.userId, 'x', 'x_main');
    await addAccount(t, user.userId, 'linkedin', 'li_main');
  });
  afterAll(() => t.close());

  it('should create the 483 good rows and refuse each bad one precisely', async () => {
    const bad = new Map(BAD.map((row) => [row.at, row.cells]));
    const lines = Array.from(
      { length: 500 },
      (_, i) =>
        bad.get(i) ??
        `r${i},"Post ${i}, with a comma",${i % 2 ? 'x' : 'x|linkedin'},,${later},https://cdn.example.com/${i}.png,,`,
    );
    const res = await request(t.http)
      .post('/v1/posts/bulk')
      .set('soku-api-key', user.apiKey)
      .set('Content-Type', 'text/csv')
      .send(`${HEADER}\r\n${lines.join('\r\n')}\r\n`)
      .expect(200);
    expect(res.body).toMatchObject({ created: 483, invalid: 17 });
    const invalid = res.body.results.filter((r: { status: string }) => r.status === 'invalid');
    expect(invalid.map((r: { row: number }) => r.row)).toEqual(BAD.map((row) => row.at));
    for (const [i, expected] of BAD.entries()) {
      const { line, errors } = invalid[i];
      expect(line).toBe(expected.at + 2);
      expect(errors).toHaveLength(1);
      expect(errors[0]).toMatchObject({
        field: expect.stringMatching(new RegExp(`^rows\\[${expected.at}\\]`)),
        column: expected.column,
        code: expected.code,
        line: expected.at + 2,
      });
      expect(errors[0].message).toMatch(expected.message ?? /./);
    }
    const [{ posts, runs }] = await t.dataSource.query(
      `SELECT (SELECT count(*)::int FROM post_submissions) AS posts,
              (SELECT count(*)::int FROM post_runs) AS runs`,
    );
    // Odd rows go to X alone, even ones to X and LinkedIn; bad rows are a mix of both.
    const good = Array.from({ length: 500 }, (_, i) => i).filter((i) => !bad.has(i));
    expect(posts).toBe(483);
    expect(runs).toBe(good.reduce((sum, i) => sum + (i % 2 ? 1 : 2), 0));
  });
});
