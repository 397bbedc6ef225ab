import request from 'supertest';
import { IdempotencyService } from '../../../src/modules/idempotency/idempotency.service';
import { addAccount } from '../../utils/accounts';
import { createUser, type TestUser } from '../../utils/identity';
import { createTestApp, type TestApp } from '../../utils/test-app';

/**
 * POST /v1/posts stores its idempotent answer in the transaction that stores the post, so a
 * process dying right after that commit cannot leave the key "in progress" for a retry to take
 * over and post a second time.
 */
describe('POST /v1/posts: the idempotency key commits with the post', () => {
  let t: TestApp;
  let user: TestUser;

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

  const create = () =>
    request(t.http)
      .post('/v1/posts')
      .set('soku-api-key', user.apiKey)
      .set('Idempotency-Key', 'once-only')
      .send({ post: { content: { text: 'Exactly once', platform: ['x'] } } });

  it('should replay the first answer even when nothing runs after the commit', async () => {
    // What the request would still do after its transaction; a dead process does none of it.
    const after = jest.spyOn(t.app.get(IdempotencyService), 'complete').mockResolvedValue();
    const first = await create().expect(201);
    expect(after).not.toHaveBeenCalled();

    const [key] = await t.dataSource.query(
      'SELECT state, response_status, response_body FROM idempotency_keys WHERE user_id = $1',
      [user.userId],
    );
    expect(key).toEqual({ state: 'completed', response_status: 201, response_body: first.text });

    // Even once any lock would have lapsed, the retry replays: one submission.
    await t.dataSource.query(`UPDATE idempotency_keys SET locked_until = now() - interval '1 s'`);
    const retry = await create().expect(201);
    expect(retry.text).toBe(first.text);
    expect(retry.headers['idempotent-replayed']).toBe('true');
    const [{ n }] = await t.dataSource.query('SELECT count(*)::int AS n FROM post_submissions');
    expect(n).toBe(1);
  });

  it('should release the key when the post is refused, so a fixed retry runs', async () => {
    const refused = await request(t.http)
      .post('/v1/posts')
      .set('soku-api-key', user.apiKey)
      .send({ post: { content: { text: 'Nowhere', platform: ['threads'] } } });
    expect(refused.status).toBe(400);
    await addAccount(t, user.userId, 'threads', 'threads_main');
    await request(t.http)
      .post('/v1/posts')
      .set('soku-api-key', user.apiKey)
      .send({ post: { content: { text: 'Nowhere', platform: ['threads'] } } })
      .expect(201);
  });
});
