import request from 'supertest';
import { IdempotencyService } from '../../../src/modules/idempotency/idempotency.service';
import { addAccount } from '../../utils/accounts';
import { createUser, type TestUser } from '../../utils/identity';
import { createTestApp, type TestApp } from '../../utils/test-app';

/** Each row of POST /v1/posts/bulk is created once per key: its rowKey, or request key + index. */
describe('POST /v1/posts/bulk: idempotency per row', () => {
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
  });
  afterEach(() => jest.restoreAllMocks());
  afterAll(() => t.close());

  const csv = (text: string, key?: string) => {
    const req = request(t.http)
      .post('/v1/posts/bulk')
      .set('soku-api-key', user.apiKey)
      .set('Content-Type', 'text/csv');
    return (key ? req.set('Idempotency-Key', key) : req).send(text);
  };
  const submissions = async (): Promise<number> =>
    (await t.dataSource.query('SELECT count(*)::int AS n FROM post_submissions'))[0].n;
  const ids = (body: { results: { postId?: string }[] }) => body.results.map((r) => r.postId);

  it('should answer the posts of known rowKeys and create only the new rows', async () => {
    const head = 'rowKey,text,platforms,scheduledTime\n';
    const first = await csv(`${head}a,Alpha,x,${later}\nb,Beta,x,${later}\n`).expect(200);
    const second = await csv(
      `${head}a,Alpha,x,${later}\nb,Beta,x,${later}\nc,Gamma,x,${later}\n`,
    ).expect(200);
    expect(ids(second.body).slice(0, 2)).toEqual(ids(first.body));
    expect(second.body.results.map((r: { replayed?: boolean }) => r.replayed ?? false)).toEqual([
      true,
      true,
      false,
    ]);
    expect(await submissions()).toBe(3);

    const changed = await csv(`${head}a,Alpha edited,x,${later}\n`).expect(200);
    expect(changed.body.results[0]).toMatchObject({
      status: 'invalid',
      error: { code: 'idempotency_conflict' },
      errors: [{ field: 'rows[0].rowKey', column: 'rowKey', line: 2 }],
    });
    expect(await submissions()).toBe(3);
  });

  it('should replay a retried request, and answer the same ids when its answer was lost', async () => {
    const file = `text,platforms,scheduledTime\nOne,x,${later}\nTwo,x,${later}\n`;
    const first = await csv(file, 'import-42').expect(200);
    const replay = await csv(file, 'import-42').expect(200);
    expect(replay.headers['idempotent-replayed']).toBe('true');
    expect(replay.text).toBe(first.text);

    // As if the process died after the rows committed, before the request's answer was kept:
    // the key stays in progress and, once its lock lapses, the retry runs the request again.
    jest.spyOn(t.app.get(IdempotencyService), 'complete').mockResolvedValueOnce();
    const lost = await csv(file, 'import-43').expect(200);
    await t.dataSource.query(`UPDATE idempotency_keys SET locked_until = now() - interval '1 s'`);
    const retry = await csv(file, 'import-43').expect(200);
    expect(retry.headers['idempotent-replayed']).toBeUndefined();
    expect(ids(retry.body)).toEqual(ids(lost.body));
    expect(retry.body.results.every((r: { replayed?: boolean }) => r.replayed)).toBe(true);
    expect(await submissions()).toBe(4);
  });
});
