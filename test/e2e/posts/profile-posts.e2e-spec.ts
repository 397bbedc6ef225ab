import request from 'supertest';
import { addAccount } from '../../utils/accounts';
import { expectEnvelope } from '../../utils/assertions';
import { createUser, type TestUser } from '../../utils/identity';
import { createTestApp, type TestApp } from '../../utils/test-app';
import { createProfile } from '../../utils/profiles';

/** Every post route acts in the request's profile (Soku-Profile); another profile's posts are 404. */
describe('Posts in profiles', () => {
  let t: TestApp;
  let user: TestUser;
  let brand: string;
  const later = () => new Date(Date.now() + 3_600_000).toISOString();

  beforeAll(async () => {
    t = await createTestApp({ env: { SOKU_RECONCILE_INTERVAL_MS: '200' } });
  });
  beforeEach(async () => {
    await t.reset();
    user = await createUser(t);
    await addAccount(t, user.userId, 'x', 'x_main');
    brand = await createProfile(t, user, 'Brand');
    // The brand's own accounts: moved into it before anything reads the user's accounts.
    const linked = await addAccount(t, user.userId, 'x', 'x_brand');
    await addAccount(t, user.userId, 'linkedin', 'li_brand');
    await t.dataSource.query(
      `UPDATE integrations SET profile_id = $1 WHERE user_id = $2 AND account_id IN ('x_brand', 'li_brand')`,
      [brand, user.userId],
    );
    expect(linked.accountId).toBe('x_brand');
  });
  afterAll(() => t.close());

  const call = (method: 'get' | 'post' | 'patch' | 'delete', path: string, profile?: string) => {
    const req = request(t.http)[method](path).set('soku-api-key', user.apiKey);
    return profile ? req.set('soku-profile', profile) : req;
  };
  const create = async (body: object, profile?: string): Promise<string> => {
    const res = await call('post', '/v1/posts', profile).send(body).expect(201);
    return res.body.postSubmissionId as string;
  };
  const profileOf = async (id: string): Promise<string> =>
    (await t.dataSource.query(`SELECT profile_id FROM post_submissions WHERE id = $1`, [id]))[0]
      .profile_id;

  it('should create in the header’s profile, targeting its accounts only', async () => {
    const id = await create({ post: { content: { text: 'Brand news', platform: 'x' } } }, brand);
    expect(await profileOf(id)).toBe(brand);
    const post = await call('get', `/v1/posts/${id}`, brand).expect(200);
    expect(post.body.runs.map((r: { targetId: string }) => r.targetId)).toEqual(['x:x_brand']);

    // The default profile's account is not connected in the brand.
    const res = await call('post', '/v1/posts', brand).send({
      post: { content: { text: 'Wrong pool', platform: [{ platform: 'x', accountId: 'x_main' }] } },
    });
    expectEnvelope(res, 400, 'missing_integrations');
    const dry = await call('post', '/v1/posts/validate', brand)
      .send({ post: { content: { text: 'Dry', platform: ['x', 'linkedin'] } } })
      .expect(200);
    expect(dry.body.targets.map((x: { accountId: string }) => x.accountId)).toEqual([
      'x_brand',
      'li_brand',
    ]);

    // Without the header: the default profile, as before profiles.
    const plain = await create({ post: { content: { text: 'Default', platform: 'x' } } });
    expect(await profileOf(plain)).toBe(user.userId);
    const mine = await call('get', `/v1/posts/${plain}`).expect(200);
    expect(mine.body.runs.map((r: { targetId: string }) => r.targetId)).toEqual(['x:x_main']);
    const linkedinHere = await call('post', '/v1/posts/validate')
      .send({ post: { content: { text: 'Dry', platform: ['linkedin'] } } })
      .expect(200);
    expect(linkedinHere.body.problems[0].code).toBe('missing_integrations');
  });

  it('should carry the profile on every row of a group commit', async () => {
    const ids = await Promise.all(
      Array.from({ length: 12 }, (_, i) =>
        create({ post: { content: { text: `burst ${i}`, platform: 'x' } } }, brand),
      ),
    );
    const rows = await t.dataSource.query(
      `SELECT DISTINCT profile_id FROM post_submissions WHERE id = ANY($1::uuid[])`,
      [ids],
    );
    expect(rows).toEqual([{ profile_id: brand }]);
  });

  it('should answer another profile’s post exactly as another user’s', async () => {
    const other = await createUser(t);
    const inDefault = await create({
      post: { content: { text: 'Default only', platform: 'x' } },
      scheduledTime: later(),
    });
    const inBrand = await create(
      { post: { content: { text: 'Brand only', platform: 'x' } }, scheduledTime: later() },
      brand,
    );
    const stranger = (method: 'get' | 'post' | 'patch' | 'delete', path: string) =>
      request(t.http)[method](path).set('soku-api-key', other.apiKey);
    for (const [id, profile] of [
      [inDefault, brand],
      [inBrand, undefined],
    ] as const) {
      const edit = { scheduledTime: later() };
      const routes: ['get' | 'post' | 'patch' | 'delete', string][] = [
        ['get', `/v1/posts/${id}`],
        ['get', `/v1/posts/${id}/events`],
        ['patch', `/v1/posts/${id}`],
        ['delete', `/v1/posts/${id}`],
        ['delete', `/v1/posts/${id}/published`],
        ['post', `/v1/posts/${id}/retry`],
      ];
      for (const [m, path] of routes) {
        const crossed = await call(m, path, profile).send(m === 'patch' ? edit : undefined);
        const foreign = await stranger(m, path).send(m === 'patch' ? edit : undefined);
        expectEnvelope(crossed, 404, 'not_found');
        expect(crossed.body.error.message).toBe(foreign.body.error.message);
      }
    }
    // Nothing changed: both are still scheduled, each in its own profile.
    const stored = await t.dataSource.query(
      `SELECT id, status, profile_id FROM post_submissions ORDER BY created_at`,
    );
    expect(stored).toEqual([
      { id: inDefault, status: 'queued', profile_id: user.userId },
      { id: inBrand, status: 'queued', profile_id: brand },
    ]);
    const listed = async (profile?: string) =>
      (await call('get', '/v1/posts', profile).expect(200)).body.data.map(
        (p: { id: string }) => p.id,
      );
    expect(await listed()).toEqual([inDefault]);
    expect(await listed(brand)).toEqual([inBrand]);
    const scheduled = await call('get', '/v1/posts', brand)
      .query({ scheduledFrom: new Date().toISOString(), status: 'queued' })
      .expect(200);
    expect(scheduled.body.data.map((p: { id: string }) => p.id)).toEqual([inBrand]);
  });

  it('should edit, cancel and read the history of a post in its profile', async () => {
    const id = await create(
      { post: { content: { text: 'Brand draft', platform: 'x' } }, scheduledTime: later() },
      brand,
    );
    await call('patch', `/v1/posts/${id}`, brand)
      .send({ post: { content: { text: 'Brand final' } } })
      .expect(200);
    await call('delete', `/v1/posts/${id}`, brand).expect(200);
    const history = await call('get', `/v1/posts/${id}/events`, brand).expect(200);
    expect(history.body.data.map((e: { type: string }) => e.type)).toEqual([
      'post.updated',
      'post.cancelled',
    ]);
    const events = await t.dataSource.query(
      `SELECT DISTINCT profile_id FROM events WHERE data->>'id' = $1`,
      [id],
    );
    expect(events).toEqual([{ profile_id: brand }]);
  });

  it('should import bulk rows (JSON and CSV) into the profile and export only its posts', async () => {
    const json = await call('post', '/v1/posts/bulk', brand)
      .send([
        { post: { content: { text: 'Bulk one', platform: ['linkedin'] } }, scheduledTime: later() },
        {
          post: {
            content: { text: 'Bulk two', platform: [{ platform: 'x', accountId: 'x_main' }] },
          },
        },
      ])
      .expect(200);
    expect(json.body.results.map((r: { status: string }) => r.status)).toEqual([
      'created',
      'invalid',
    ]);
    expect(json.body.results[1].error.code).toBe('missing_integrations');
    const csv = await call('post', '/v1/posts/bulk', brand)
      .set('Content-Type', 'text/csv')
      .send(`text,platforms,scheduledTime\r\n"From CSV",x,${later()}\r\n`)
      .expect(200);
    const ids = [json.body.results[0].postId, csv.body.results[0].postId];
    expect(await Promise.all(ids.map(profileOf))).toEqual([brand, brand]);
    await create({ post: { content: { text: 'Default', platform: 'x' } }, scheduledTime: later() });

    const exported = await call('get', '/v1/posts/export', brand)
      .query({ format: 'json' })
      .expect(200);
    const body = JSON.parse(exported.text) as { id: string }[];
    expect(body.map((p) => p.id).sort()).toEqual([...ids].sort());
    const plain = await call('get', '/v1/posts/export').query({ format: 'json' }).expect(200);
    expect(
      (JSON.parse(plain.text) as { content: { text: string } }[]).map((p) => p.content.text),
    ).toEqual(['Default']);
  });

  describe('deleting a profile', () => {
    it('should refuse while it has a pending post, and change nothing', async () => {
      const id = await create(
        { post: { content: { text: 'Due soon', platform: 'x' } }, scheduledTime: later() },
        brand,
      );
      const res = await call('delete', `/v1/profiles/${brand}`);
      expectEnvelope(res, 409, 'profile_has_pending_posts');
      const post = await call('get', `/v1/posts/${id}`, brand).expect(200);
      expect(post.body.status).toBe('queued');
      expect(post.body.runs.map((r: { status: string }) => r.status)).toEqual(['queued']);
    });

    it('should cancel its pending posts when forced, and never publish them', async () => {
      const id = await create(
        { post: { content: { text: 'Due soon', platform: 'x' } }, scheduledTime: later() },
        brand,
      );
      // Due a second after the deletion: the reconciler would start it then.
      await t.dataSource.query(
        `UPDATE post_submissions SET scheduled_time = now() + interval '1 second' WHERE id = $1`,
        [id],
      );
      const kept = await create({
        post: { content: { text: 'Default stays', platform: 'x' } },
        scheduledTime: later(),
      });
      const res = await call('delete', `/v1/profiles/${brand}`).query({ force: 'true' });
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ id: brand, deleted: true, cancelledPosts: 1 });

      const state = async () =>
        t.dataSource.query(
          `SELECT s.status, array_agg(r.status) AS runs,
                  bool_or(r.platform_post_id IS NOT NULL) AS published
             FROM post_submissions s JOIN post_runs r ON r.submission_id = s.id
            WHERE s.id = $1 GROUP BY s.status`,
          [id],
        );
      expect(await state()).toEqual([
        { status: 'cancelled', runs: ['cancelled'], published: false },
      ]);
      const cancelled = await t.dataSource.query(
        `SELECT profile_id FROM events WHERE type = 'post.cancelled' AND data->>'id' = $1`,
        [id],
      );
      expect(cancelled).toEqual([{ profile_id: brand }]);

      // Past its due time, with the reconciler running every 200 ms: still not published.
      const due = Date.now() + 3_000;
      while (Date.now() < due) {
        await new Promise((resolve) => setTimeout(resolve, 250));
      }
      expect(await state()).toEqual([
        { status: 'cancelled', runs: ['cancelled'], published: false },
      ]);
      const other = await call('get', `/v1/posts/${kept}`).expect(200);
      expect(other.body.status).toBe('queued');
    });
  });
});
