import request from 'supertest';
import { expectEnvelope } from '../../utils/assertions';
import { addAccount } from '../../utils/accounts';
import { createUser, type TestUser } from '../../utils/identity';
import { createTestApp, type TestApp } from '../../utils/test-app';

/** One regression test per bug the schema-driven fuzzer found (each was a 500 or drift). */
describe('input hardening', () => {
  let t: TestApp;
  let user: TestUser;

  beforeAll(async () => {
    t = await createTestApp({ env: { SOKU_RATE_LIMIT_ENABLED: 'false' } });
    user = await createUser(t);
    await addAccount(t, user.userId, 'x', 'x_main');
  });
  afterAll(() => t.close());

  const post = (path: string, body: string, type = 'application/json') =>
    request(t.http)
      .post(path)
      .set('soku-api-key', user.apiKey)
      .set('content-type', type)
      .send(body);

  it('should refuse a nested `constructor` key (class-transformer called it: 500)', async () => {
    const res = await post(
      '/v1/integrations/sandbox',
      '{"platforms":["x",{"constructor":{"prototype":{"polluted":"yes"}}}]}',
    );
    expectEnvelope(res, 400, 'validation_error');
    expect(res.body.error.details[0]).toMatchObject({
      field: 'body.platforms.1.constructor',
      code: 'unrecognized_keys',
    });
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('should refuse a `__proto__` key at any depth', async () => {
    const res = await post('/v1/posts/validate', '{"post":{"__proto__":{"isAdmin":true}}}');
    expectEnvelope(res, 400, 'validation_error');
    expect(res.body.error.details[0].field).toBe('body.post.__proto__');
  });

  it('should refuse nesting deeper than any DTO (the stack overflowed: 500)', async () => {
    const deep = `${'['.repeat(100_000)}${']'.repeat(100_000)}`;
    // POST /v1/posts is idempotent: its interceptor hashes the body before any pipe runs.
    const res = await post('/v1/posts', `{"post":${deep}}`);
    expectEnvelope(res, 400, 'validation_error');
    expect(res.body.error.details[0].message).toBe('Nested deeper than 32 levels');
  });

  it('should refuse NUL in a body field or a path id (PostgreSQL refused it: 500)', async () => {
    const body = await post(
      '/v1/posts',
      '{"post":{"content":{"text":"a\\u0000b","platform":"x"}}}',
    );
    expectEnvelope(body, 400, 'validation_error');
    expect(body.body.error.details[0].field).toBe('body.post.content.text');

    const id = await request(t.http)
      .delete('/v1/integrations/x/%00')
      .set('soku-api-key', user.apiKey);
    expectEnvelope(id, 400, 'validation_error');
    const key = await request(t.http)
      .delete('/v1/api-keys/%00')
      .set('authorization', `Bearer ${user.idToken}`);
    expectEnvelope(key, 400, 'validation_error');
  });

  it('should refuse a lone surrogate in a JSON string (jsonb refused it: 500)', async () => {
    const res = await post(
      '/v1/automations',
      '{"name":"n","trigger":{"event":"post.published","platform":"x"},"action":{"type":"repost","platform":"threads","textTemplate":"x\\udfffy"}}',
    );
    expectEnvelope(res, 400, 'validation_error');
    expect(res.body.error.details[0]).toMatchObject({
      field: 'body.action.textTemplate',
      message: 'Not valid Unicode text: a lone surrogate',
    });
    const paired = await post(
      '/v1/posts/validate',
      '{"post":{"content":{"text":"\\ud83d\\ude00","platform":"x"}}}',
    );
    expect(paired.status).toBe(200);
  });

  it.each(['get', 'delete', 'post'] as const)(
    'should answer 404 to %s on a post id that only looks like a UUID (PostgreSQL refused it: 500)',
    async (method) => {
      const id = '------------------------------------';
      const path = method === 'post' ? `/v1/posts/${id}/retry` : `/v1/posts/${id}`;
      const res = await request(t.http)[method](path).set('soku-api-key', user.apiKey);
      expectEnvelope(res, 404, 'not_found');
    },
  );

  it('should refuse JSON in any charset but UTF-8', async () => {
    const res = await post(
      '/v1/integrations/sandbox',
      '{"platforms":["x"]}',
      'application/json; charset=utf-7',
    );
    expectEnvelope(res, 415, 'unsupported_media_type');
    const utf8 = await post(
      '/v1/posts/validate',
      '{"post":{"content":{"text":"hi","platform":"x"}}}',
      'application/json; charset=UTF-8',
    );
    expect(utf8.status).toBe(200);
  });

  it('should refuse null where the document does not allow it, and take it where it does', async () => {
    const optional = await post('/v1/integrations/sandbox', '{"platforms":null}');
    expectEnvelope(optional, 400, 'validation_error');
    expect(optional.body.error.details).toEqual([
      { field: 'body.platforms', message: 'Expected a value, received null', code: 'invalid_type' },
    ]);
    const nested = await post(
      '/v1/posts/validate',
      '{"post":{"content":{"text":"hi","platform":"x","videoUrl":null}}}',
    );
    expectEnvelope(nested, 400, 'validation_error');
    expect(nested.body.error.details[0].field).toBe('body.post.content.videoUrl');

    const documented = await post(
      '/v1/posts/validate',
      '{"post":{"content":{"text":"hi","platform":"x"}},"scheduledTime":null}',
    );
    expect(documented.status).toBe(200);
    const keyName = await request(t.http)
      .post('/v1/api-keys')
      .set('authorization', `Bearer ${user.idToken}`)
      .send({ name: null });
    expect(keyName.status).toBe(201);
  });

  it('should refuse invalid UTF-8 inside a JSON string (it became U+FFFD and was accepted)', async () => {
    const body = Buffer.concat([
      Buffer.from('{"post":{"content":{"text":"caf'),
      Buffer.from([0xc3, 0x28]),
      Buffer.from('","platform":"x"}}}'),
    ]);
    const res = await request(t.http)
      .post('/v1/posts/validate')
      .set('soku-api-key', user.apiKey)
      .set('content-type', 'application/json')
      // Not re-encoded as JSON: superagent writes the Buffer's bytes as they are.
      .serialize(() => body as unknown as string)
      .send(body);
    expectEnvelope(res, 400, 'validation_error');
    expect(res.body.error.details).toEqual([
      { field: 'body', message: 'Request body is not valid UTF-8', code: 'invalid_utf8' },
    ]);
  });

  it('should report a wrong type alone, not the length checks it fails because of it', async () => {
    const text = await post('/v1/posts/validate', '{"post":{"content":{"text":5,"platform":"x"}}}');
    expectEnvelope(text, 400, 'validation_error');
    expect(text.body.error.details).toEqual([
      {
        field: 'body.post.content.text',
        message: 'Expected string',
        code: 'invalid_type',
        received: 5,
      },
    ]);
    const title = await post('/v1/templates', '{"templateSlug":"tweetImage","config":{"title":5}}');
    expectEnvelope(title, 400, 'validation_error');
    expect(title.body.error.details).toEqual([
      expect.objectContaining({ field: 'body.config.title', code: 'invalid_type', received: 5 }),
    ]);
  });

  it('should report `limit=abc` once, with the value received', async () => {
    const res = await request(t.http).get('/v1/posts?limit=abc').set('soku-api-key', user.apiKey);
    expectEnvelope(res, 400, 'validation_error');
    expect(res.body.error.details).toEqual([
      {
        field: 'query.limit',
        message: 'Expected an integer from 1 to 100',
        code: 'invalid_type',
        received: 'abc',
      },
    ]);
  });
});
