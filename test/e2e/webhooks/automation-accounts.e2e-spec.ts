import request from 'supertest';
import { addAccount } from '../../utils/accounts';
import { expectEnvelope } from '../../utils/assertions';
import { createUser, type TestUser } from '../../utils/identity';
import { createTestApp, type TestApp } from '../../utils/test-app';

/** An automation may name only the user's own accounts, as a post may (issue 20.7). */
describe('automations naming an accountId', () => {
  let t: TestApp;
  let user: TestUser;

  beforeAll(async () => {
    t = await createTestApp({ env: { SOKU_RATE_LIMIT_ENABLED: 'false' } });
  });
  beforeEach(async () => {
    await t.reset();
    user = await createUser(t);
    await addAccount(t, user.userId, 'x', 'x_main');
    await addAccount(t, user.userId, 'threads', 'threads_main');
  });
  afterAll(() => t.close());

  const create = (trigger: object, action: object) =>
    request(t.http)
      .post('/v1/automations')
      .set('soku-api-key', user.apiKey)
      .send({ name: 'rule', trigger: { event: 'post.published', ...trigger }, action });

  it("should refuse a trigger account the user does not have, another user's included", async () => {
    const other = await createUser(t);
    await addAccount(t, other.userId, 'x', 'x_theirs');
    const res = await create(
      { platform: 'x', accountId: 'x_theirs' },
      { type: 'repost', platform: 'threads' },
    );
    expectEnvelope(res, 400, 'missing_integrations');
    expect(res.body.error.details).toEqual([
      {
        field: 'body.trigger',
        platform: 'x',
        accountId: 'x_theirs',
        reason: 'account_not_found',
        message: 'No x account "x_theirs"; connected: x_main',
      },
    ]);
    const [{ count }] = await t.dataSource.query('SELECT count(*)::int AS count FROM automations');
    expect(count).toBe(0);
  });

  it('should refuse action targets naming accounts the user does not have, each listed', async () => {
    const res = await create(
      { platform: 'x' },
      {
        type: 'repost',
        platform: [
          { platform: 'threads', accountId: 'threads_nope' },
          { platform: 'linkedin', accountId: 'li_1' },
        ],
      },
    );
    expectEnvelope(res, 400, 'missing_integrations');
    expect(res.body.error.message).toBe('2 targets cannot be published to');
    expect(res.body.error.details).toEqual([
      expect.objectContaining({ field: 'body.action.platform[0]', reason: 'account_not_found' }),
      expect.objectContaining({ field: 'body.action.platform[1]', reason: 'not_connected' }),
    ]);
  });

  it('should refuse the same on PATCH', async () => {
    const created = await create({ platform: 'x' }, { type: 'repost', platform: 'threads' });
    expect(created.status).toBe(201);
    const res = await request(t.http)
      .patch(`/v1/automations/${created.body.id}`)
      .set('soku-api-key', user.apiKey)
      .send({ trigger: { event: 'post.published', platform: 'threads', accountId: 'nope' } });
    expectEnvelope(res, 400, 'missing_integrations');
    expect(res.body.error.details[0]).toMatchObject({ field: 'body.trigger', accountId: 'nope' });
  });

  it('should take accounts the user has, one that must be reconnected included, and platforms alone', async () => {
    await t.dataSource.query(
      `UPDATE integrations SET status = 'needs_reauth' WHERE user_id = $1 AND account_id = $2`,
      [user.userId, 'threads_main'],
    );
    const named = await create(
      { platform: 'x', accountId: 'x_main' },
      { type: 'repost', platform: { platform: 'threads', accountId: 'threads_main' } },
    );
    expect(named.status).toBe(201);
    // Not connected yet, but not named by id: the account may be connected later.
    const later = await create({ platform: 'x' }, { type: 'repost', platform: 'linkedin' });
    expect(later.status).toBe(201);
  });
});
