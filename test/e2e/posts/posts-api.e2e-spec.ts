import request from 'supertest';
import { addAccount } from '../../utils/accounts';
import { expectEnvelope } from '../../utils/assertions';
import { createUser, type TestUser } from '../../utils/identity';
import { waitForPost } from '../../utils/posts';
import { createTestApp, type TestApp } from '../../utils/test-app';

describe('POST /v1/posts: validation and targeting', () => {
  let t: TestApp;
  let user: TestUser;

  beforeAll(async () => {
    t = await createTestApp({ env: { SOKU_RECONCILE_INTERVAL_MS: '200' } });
  });
  beforeEach(async () => {
    await t.reset();
    user = await createUser(t);
    await addAccount(t, user.userId, 'x', 'x_main');
    await addAccount(t, user.userId, 'instagram', 'ig_personal');
    await addAccount(t, user.userId, 'instagram', 'ig_business');
  });
  afterAll(() => t.close());

  const post = (body: unknown) =>
    request(t.http)
      .post('/v1/posts')
      .set('soku-api-key', user.apiKey)
      .send(body as object);
  const storedSubmissions = async () =>
    (await t.dataSource.query('SELECT count(*)::int AS n FROM post_submissions'))[0].n;

  it('should list every schema problem with its field path, storing nothing', async () => {
    const res = await post({
      post: {
        content: {
          text: 42,
          platform: ['x', 'myspace', { platform: 'instagram', accountId: 7 }],
          videoUrl: 'not-a-url',
          imageUrls: ['https://ok.example/a.jpg', 'ftp://nope'],
          mediaType: 'gif',
        },
      },
      enableRepurposing: 'yes',
      extra: true,
    });
    expectEnvelope(res, 400, 'validation_error');
    const fields = res.body.error.details.map((d: { field: string }) => d.field);
    expect(fields).toEqual(
      expect.arrayContaining([
        'body.post.content.text',
        'body.post.content.platform[1]',
        'body.post.content.platform[2].accountId',
        'body.post.content.videoUrl',
        'body.post.content.imageUrls',
        'body.post.content.mediaType',
        'body.enableRepurposing',
        'body.extra',
      ]),
    );
    expect(res.body.error.details).toContainEqual({
      field: 'body.post.content.videoUrl',
      message: 'Invalid URL format',
      code: 'invalid_string',
      received: 'not-a-url',
    });
    expect(await storedSubmissions()).toBe(0);
  });

  it.each([
    [{}, 'body.post'],
    [{ post: {} }, 'body.post.content'],
    [{ post: { content: { text: 'hi' } } }, 'body.post.content.platform'],
  ])('should say Required for a missing %j', async (body, field) => {
    const res = await post(body);
    expectEnvelope(res, 400, 'validation_error');
    expect(res.body.error.details).toContainEqual(
      expect.objectContaining({ field, message: 'Required' }),
    );
  });

  it.each([
    ['not-a-date', 'Invalid scheduledTime format'],
    ['2030-01-01', 'Invalid scheduledTime format'],
    ['2030-01-01T10:00:00', 'Invalid scheduledTime format'],
    [42, 'Invalid scheduledTime format'],
    ['2020-01-01T00:00:00Z', 'scheduledTime must be at least 1 minute in the future'],
    [
      new Date(Date.now() + 30_000).toISOString(),
      'scheduledTime must be at least 1 minute in the future',
    ],
  ])(
    'should refuse scheduledTime %j with the documented message',
    async (scheduledTime, message) => {
      const res = await post({ post: { content: { text: 'hi', platform: 'x' } }, scheduledTime });
      expectEnvelope(res, 400, 'validation_error');
      expect(res.body.error.message).toBe(message);
      expect(res.body.error.details).toEqual([
        expect.objectContaining({ field: 'body.scheduledTime', message }),
      ]);
    },
  );

  it('should answer missing_integrations listing each missing target', async () => {
    const res = await post({
      post: {
        content: {
          text: 'hi',
          imageUrls: ['https://example.com/a.jpg'],
          platform: [
            'x',
            'tiktok',
            'instagram',
            { platform: 'instagram', accountId: 'nope' },
            'linkedin',
          ],
        },
      },
    });
    expectEnvelope(res, 400, 'missing_integrations');
    expect(
      res.body.error.details.map((d: { field: string; reason: string }) => [d.field, d.reason]),
    ).toEqual([
      ['body.post.content.platform[1]', 'not_connected'],
      ['body.post.content.platform[2]', 'account_required'],
      ['body.post.content.platform[3]', 'account_not_found'],
      ['body.post.content.platform[4]', 'not_connected'],
    ]);
    expect(await storedSubmissions()).toBe(0);
  });

  it('should report an account that needs reauthorisation as missing, with that reason', async () => {
    await t.dataSource.query(
      `UPDATE integrations SET status = 'needs_reauth' WHERE account_id = 'x_main'`,
    );
    const res = await post({ post: { content: { text: 'hi', platform: 'x' } } });
    expectEnvelope(res, 400, 'missing_integrations');
    expect(res.body.error.details[0]).toMatchObject({
      reason: 'needs_reauth',
      accountId: 'x_main',
    });
  });

  it("should check each platform's rules at request time, every target at once", async () => {
    const res = await post({
      post: {
        content: {
          text: 'x'.repeat(300),
          platform: ['x', { platform: 'instagram', accountId: 'ig_personal' }],
        },
      },
    });
    expectEnvelope(res, 400, 'validation_error');
    expect(res.body.error.details).toEqual([
      expect.objectContaining({
        field: 'body.post.content.platform[0]',
        code: 'platform_rule',
        message: expect.stringContaining('X allows 280'),
      }),
      expect.objectContaining({
        field: 'body.post.content.platform[1]',
        message: 'Instagram needs an image or a video',
      }),
    ]);
  });

  it("should refuse mediaIds that are not the caller's media, each at its index", async () => {
    const res = await post({
      post: {
        content: {
          text: 'hi',
          mediaIds: ['not-a-uuid', '00000000-0000-4000-8000-000000000000'],
          platform: 'x',
        },
      },
    });
    expectEnvelope(res, 400, 'validation_error');
    expect(res.body.error.details.map((d: { field: string }) => d.field)).toEqual([
      'body.post.content.mediaIds[0]',
      'body.post.content.mediaIds[1]',
    ]);
  });

  it('should collapse duplicate targets into one run', async () => {
    const { postSubmissionId } = (
      await post({
        post: {
          content: { text: 'once', platform: ['x', 'x', { platform: 'x', accountId: 'x_main' }] },
        },
      }).expect(201)
    ).body;
    expect((await waitForPost(t, user.apiKey, postSubmissionId)).runs).toHaveLength(1);
  });

  it('POST /v1/posts/validate should report problems without storing anything', async () => {
    const bad = await request(t.http)
      .post('/v1/posts/validate')
      .set('soku-api-key', user.apiKey)
      .send({ post: { content: { text: 'hi', platform: ['tiktok'] } } })
      .expect(200);
    expect(bad.body).toMatchObject({
      valid: false,
      targets: [],
      problems: [{ code: 'missing_integrations' }],
    });
    const good = await request(t.http)
      .post('/v1/posts/validate')
      .set('soku-api-key', user.apiKey)
      .send({ post: { content: { text: 'hi', platform: 'x' } } })
      .expect(200);
    expect(good.body).toEqual({
      valid: true,
      targets: [{ platform: 'x', accountId: 'x_main', targetId: 'x:x_main', sandbox: true }],
      problems: [],
    });
    expect(await storedSubmissions()).toBe(0);
  });
});

describe('reading posts', () => {
  let t: TestApp;
  let a: TestUser;
  let b: TestUser;

  beforeAll(async () => {
    t = await createTestApp({ env: { SOKU_RECONCILE_INTERVAL_MS: '200' } });
    await t.reset();
    a = await createUser(t);
    b = await createUser(t);
    await addAccount(t, a.userId, 'x', 'x_main');
  });
  afterAll(() => t.close());

  it('should list newest first with filters and a cursor', async () => {
    const ids: string[] = [];
    for (let i = 0; i < 5; i++) {
      const res = await request(t.http)
        .post('/v1/posts')
        .set('soku-api-key', a.apiKey)
        .send({ post: { content: { text: `post ${i}`, platform: 'x' } } })
        .expect(201);
      ids.push(res.body.postSubmissionId);
    }
    for (const id of ids) {
      await waitForPost(t, a.apiKey, id);
    }
    const first = await request(t.http)
      .get('/v1/posts?limit=2')
      .set('soku-api-key', a.apiKey)
      .expect(200);
    expect(first.body.data.map((p: { id: string }) => p.id)).toEqual([ids[4], ids[3]]);
    const second = await request(t.http)
      .get(`/v1/posts?limit=2&cursor=${first.body.nextCursor}`)
      .set('soku-api-key', a.apiKey)
      .expect(200);
    expect(second.body.data.map((p: { id: string }) => p.id)).toEqual([ids[2], ids[1]]);
    const last = await request(t.http)
      .get(`/v1/posts?limit=2&cursor=${second.body.nextCursor}`)
      .set('soku-api-key', a.apiKey)
      .expect(200);
    expect(last.body.data.map((p: { id: string }) => p.id)).toEqual([ids[0]]);
    expect(last.body.nextCursor).toBeNull();

    const succeeded = await request(t.http)
      .get('/v1/posts?outcome=succeeded&status=dispatched')
      .set('soku-api-key', a.apiKey)
      .expect(200);
    expect(succeeded.body.data).toHaveLength(5);
    const none = await request(t.http)
      .get('/v1/posts?outcome=failed')
      .set('soku-api-key', a.apiKey)
      .expect(200);
    expect(none.body.data).toEqual([]);
  });

  // A cursor whose id is 36 dashes once passed the codec's loose check and reached PostgreSQL.
  const dashesCursor = Buffer.from(`2026-01-01T00:00:00.000Z|${'-'.repeat(36)}`).toString(
    'base64url',
  );
  it.each([
    ['limit=0'],
    ['limit=abc'],
    ['outcome=great'],
    ['cursor=garbage'],
    [`cursor=${dashesCursor}`],
  ])('should refuse ?%s with 400', async (query) => {
    expectEnvelope(
      await request(t.http).get(`/v1/posts?${query}`).set('soku-api-key', a.apiKey),
      400,
      'validation_error',
    );
  });

  it("should hide one user's posts from another (404 on read, cancel and retry; absent from lists)", async () => {
    const { postSubmissionId: id } = (
      await request(t.http)
        .post('/v1/posts')
        .set('soku-api-key', a.apiKey)
        .send({ post: { content: { text: 'mine', platform: 'x' } } })
        .expect(201)
    ).body;
    for (const call of [
      request(t.http).get(`/v1/posts/${id}`),
      request(t.http).delete(`/v1/posts/${id}`),
      request(t.http).post(`/v1/posts/${id}/retry`),
    ]) {
      expectEnvelope(await call.set('soku-api-key', b.apiKey), 404, 'not_found');
    }
    expect(
      (await request(t.http).get('/v1/posts').set('soku-api-key', b.apiKey).expect(200)).body.data,
    ).toEqual([]);
    expectEnvelope(
      await request(t.http).get('/v1/posts/not-a-uuid').set('soku-api-key', a.apiKey),
      404,
      'not_found',
    );
  });
});
