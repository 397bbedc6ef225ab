import request from 'supertest';
import { addAccount } from '../../utils/accounts';
import { createUser, type TestUser } from '../../utils/identity';
import { getPost } from '../../utils/posts';
import { createTestApp, type TestApp } from '../../utils/test-app';

/** POST /v1/posts/bulk: JSON rows and CSV rows, each checked like POST /v1/posts, per row. */
describe('POST /v1/posts/bulk', () => {
  let t: TestApp;
  let user: TestUser;
  const later = new Date(Date.now() + 3_600_000).toISOString();

  beforeAll(async () => {
    t = await createTestApp();
  });
  beforeEach(async () => {
    await t.reset();
    user = await createUser(t);
    await addAccount(t, user.userId, 'x', 'x_main');
    await addAccount(t, user.userId, 'linkedin', 'li_main');
  });
  afterAll(() => t.close());

  const bulk = () => request(t.http).post('/v1/posts/bulk').set('soku-api-key', user.apiKey);
  const csv = (text: string) => bulk().set('Content-Type', 'text/csv').send(text);
  const submissions = async (): Promise<number> =>
    (await t.dataSource.query('SELECT count(*)::int AS n FROM post_submissions'))[0].n;

  it('should create the valid JSON rows and answer the invalid ones at their own paths', async () => {
    const res = await bulk()
      .send([
        { post: { content: { text: 'One', platform: ['x'] } }, scheduledTime: later },
        { post: { content: { text: 'x'.repeat(281), platform: 'x' } } },
        { post: { content: { text: 'Two', platform: [{ platform: 'linkedin' }] } } },
        { post: { content: { text: 'Three', platform: ['threads'] } } },
      ])
      .expect(200);
    expect(res.body.created).toBe(2);
    expect(res.body.invalid).toBe(2);
    const [one, long, two, nowhere] = res.body.results;
    expect(one).toEqual({ row: 0, status: 'created', postId: expect.any(String) });
    expect(two).toEqual({ row: 2, status: 'created', postId: expect.any(String) });
    expect(long.status).toBe('invalid');
    expect(long.error.code).toBe('validation_error');
    expect(long.errors[0].field).toBe('rows[1].post.content.platform');

    // The very problem POST /v1/posts answers for that body, at the row's path.
    const single = await request(t.http)
      .post('/v1/posts')
      .set('soku-api-key', user.apiKey)
      .send({ post: { content: { text: 'x'.repeat(281), platform: 'x' } } })
      .expect(400);
    expect(long.errors.map((e: { code: string; message: string }) => [e.code, e.message])).toEqual(
      single.body.error.details.map((d: { code: string; message: string }) => [d.code, d.message]),
    );
    expect(nowhere.error.code).toBe('missing_integrations');
    expect(nowhere.errors[0]).toMatchObject({
      field: 'rows[3].post.content.platform[0]',
      code: 'missing_integrations',
      reason: 'not_connected',
    });

    const post = await getPost(t, user.apiKey, one.postId);
    expect(post.runs.map((r) => r.targetId)).toEqual(['x:x_main']);
    expect(await submissions()).toBe(2);
  });

  it('should parse a BOM, CRLF, quoted commas, quotes and line breaks', async () => {
    const file =
      '\ufefftext,platforms,accountIds,scheduledTime,firstComment\r\n' +
      `"Hello, world",x|linkedin,x_main|,${later},"He said ""hi"""\r\n` +
      '\r\n' +
      `"Line one\r\nline two",linkedin,,${later},\r\n`;
    const res = await csv(file).expect(200);
    expect(
      res.body.results.map((r: { status: string; line: number }) => [r.status, r.line]),
    ).toEqual([
      ['created', 2],
      ['created', 4],
    ]);
    const first = await t.dataSource.query('SELECT content FROM post_submissions WHERE id = $1', [
      res.body.results[0].postId,
    ]);
    expect(first[0].content).toMatchObject({
      text: 'Hello, world',
      firstComment: { text: 'He said "hi"' },
    });
    const second = await getPost(t, user.apiKey, res.body.results[1].postId);
    expect(second.runs.map((r) => r.platform)).toEqual(['linkedin']);
    const [{ content }] = await t.dataSource.query(
      'SELECT content FROM post_submissions WHERE id = $1',
      [res.body.results[1].postId],
    );
    expect(content.text).toBe('Line one\r\nline two');
  });

  it('should refuse a spreadsheet date with the format it expects, naming column and line', async () => {
    const res = await csv(
      `text,platforms,scheduledTime\nA,x,12/07/2026 10:00\nB,x,45632.5\nC,x,${later}\n`,
    ).expect(200);
    const [a, b, c] = res.body.results;
    expect(c.status).toBe('created');
    for (const [row, line] of [
      [a, 2],
      [b, 3],
    ]) {
      expect(row.status).toBe('invalid');
      expect(row.errors).toEqual([
        expect.objectContaining({
          field: `rows[${line - 2}].scheduledTime`,
          column: 'scheduledTime',
          line,
          code: 'invalid_string',
          message: expect.stringContaining(
            'use ISO 8601 with a time zone, e.g. 2026-12-07T10:00:00Z',
          ),
        }),
      ]);
    }
  });

  it('should refuse an unknown column, a wrong cell count only on its row, and over 500 rows', async () => {
    const unknown = await csv('text,platfroms\nA,x\n').expect(400);
    expect(unknown.body.error.message).toContain('Unknown column "platfroms"');

    const short = await csv(`text,platforms,scheduledTime\nA,x\nB,x,${later}\n`).expect(200);
    expect(short.body.results[0].errors[0]).toMatchObject({ code: 'invalid_csv', line: 2 });
    expect(short.body.results[1].status).toBe('created');

    const many = await csv(`text,platforms\n${'A,x\n'.repeat(501)}`).expect(400);
    expect(many.body.error.message).toBe(
      'A bulk request takes at most 500 posts (received 501); split the file',
    );
    const notArray = await bulk().send({ post: {} }).expect(400);
    expect(notArray.body.error.code).toBe('validation_error');
  });
});
