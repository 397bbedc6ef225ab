import request from 'supertest';
import { PACKAGE } from '../../../src/common/package-info';
import { expectEnvelope, expectStandardHeaders, UUID } from '../../utils/assertions';
import { createTestApp, type TestApp } from '../../utils/test-app';
import { TestSupportModule } from './test-support.module';

describe('HTTP conventions', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await createTestApp({ imports: [TestSupportModule] });
  });
  afterAll(() => t.close());

  describe('GET /health', () => {
    it('should answer 200 with the package version and no auth', async () => {
      const res = await request(t.http).get('/health').expect(200);
      expect(res.body).toEqual({
        status: 'ok',
        version: PACKAGE.version,
        timestamp: expect.any(String),
      });
      expect(PACKAGE.version).not.toBe('unknown');
      expect(res.headers['x-request-id']).toMatch(UUID);
      expectStandardHeaders(res);
    });
  });

  describe('X-Request-ID', () => {
    it('should echo a valid client id in the header and in errors', async () => {
      const res = await request(t.http).get('/nope').set('X-Request-ID', 'my-debug-123');
      expect(res.headers['x-request-id']).toBe('my-debug-123');
      expect(res.body.error.requestId).toBe('my-debug-123');
    });

    it('should replace an unsafe client id with a UUID', async () => {
      const res = await request(t.http).get('/health').set('X-Request-ID', 'x'.repeat(200));
      expect(res.headers['x-request-id']).toMatch(UUID);
    });

    it('should give every request its own id', async () => {
      const [a, b] = await Promise.all([
        request(t.http).get('/health'),
        request(t.http).get('/health'),
      ]);
      expect(a.headers['x-request-id']).not.toBe(b.headers['x-request-id']);
    });
  });

  describe('unknown routes', () => {
    it.each(['get', 'post', 'delete'] as const)(
      'should answer %s /nope with a 404 envelope',
      async (method) => {
        const res = await request(t.http)[method]('/nope');
        expectEnvelope(res, 404, 'not_found');
        expect(res.body.error.message).toBe(`Route ${method.toUpperCase()} /nope not found`);
      },
    );
  });

  describe('request bodies', () => {
    it('should answer a 2 MB body with a 413 envelope', async () => {
      const big = JSON.stringify({ text: 'a'.repeat(2 * 1024 * 1024) });
      const res = await request(t.http)
        .post('/test-support/validate')
        .set('Content-Type', 'application/json')
        .send(big);
      expectEnvelope(res, 413, 'payload_too_large');
    });

    it('should accept a body just under 1 MB', async () => {
      const text = 'a'.repeat(1024 * 1024 - 200);
      const res = await request(t.http)
        .post('/test-support/validate')
        .send({ post: { content: { text, platform: 'x' } } });
      expect(res.status).toBe(201);
    });

    it('should answer malformed JSON with a 400 validation_error', async () => {
      const res = await request(t.http)
        .post('/test-support/validate')
        .set('Content-Type', 'application/json')
        .send('{"post":');
      expectEnvelope(res, 400, 'validation_error');
      expect(res.body.error.details[0]).toMatchObject({ field: 'body', code: 'invalid_json' });
    });

    it('should answer malformed JSON on an unknown route with a 400 too, never a 5xx', async () => {
      const res = await request(t.http)
        .post('/nope')
        .set('Content-Type', 'application/json')
        .send('{"post":');
      expectEnvelope(res, 400, 'validation_error');
    });

    it.each([
      ['text/plain', 'hello'],
      ['application/x-www-form-urlencoded', 'a=1'],
      ['multipart/form-data; boundary=x', '--x--'],
    ])('should answer a %s body with a 415 envelope', async (type, body) => {
      const res = await request(t.http)
        .post('/test-support/validate')
        .set('Content-Type', type)
        .send(body);
      expectEnvelope(res, 415, 'unsupported_media_type');
    });

    it('should accept application/json with a charset', async () => {
      const res = await request(t.http)
        .post('/test-support/validate')
        .set('Content-Type', 'application/json; charset=utf-8')
        .send(JSON.stringify({ post: { content: { text: 'hi', platform: 'x' } } }));
      expect(res.status).toBe(201);
      expect(res.body).toEqual({ ok: true, text: 'hi' });
    });

    it('should reject a JSON body that is not an object', async () => {
      const res = await request(t.http)
        .post('/test-support/validate')
        .set('Content-Type', 'application/json')
        .send('"just a string"');
      expectEnvelope(res, 400, 'validation_error');
    });
  });

  describe('validation errors', () => {
    it('should list every problem with its full field path, code and received value', async () => {
      const res = await request(t.http)
        .post('/test-support/validate')
        .send({
          post: { content: { text: 42, platform: 'myspace', videoUrl: 'not-a-url' }, extra: 1 },
        });
      expectEnvelope(res, 400, 'validation_error');
      expect(res.body.error.message).toBe('Request validation failed');
      const details = res.body.error.details;
      expect(details).toEqual(
        expect.arrayContaining([
          expect.objectContaining({
            field: 'body.post.content.text',
            code: 'invalid_type',
            received: 42,
          }),
          expect.objectContaining({
            field: 'body.post.content.platform',
            code: 'invalid_enum_value',
            received: 'myspace',
          }),
          {
            field: 'body.post.content.videoUrl',
            message: 'Invalid URL format',
            code: 'invalid_string',
            received: 'not-a-url',
          },
          expect.objectContaining({ field: 'body.post.extra', code: 'unrecognized_keys' }),
        ]),
      );
    });

    it('should say Required for a missing field', async () => {
      const res = await request(t.http)
        .post('/test-support/validate')
        .send({ post: { content: { text: 'hi' } } });
      expectEnvelope(res, 400, 'validation_error');
      expect(res.body.error.details).toEqual([
        { field: 'body.post.content.platform', message: 'Required', code: 'invalid_type' },
      ]);
    });
  });

  describe('errors thrown by services', () => {
    it('should render a typed error with its status, code, details and headers', async () => {
      const res = await request(t.http).get('/test-support/typed');
      expectEnvelope(res, 409, 'conflict');
      expect(res.body.error.details).toEqual({ hint: 'x' });
      expect(res.headers['retry-after']).toBe('1');
    });

    it('should answer an unexpected exception with a 500 that leaks nothing', async () => {
      const res = await request(t.http).get('/test-support/crash');
      expectEnvelope(res, 500, 'internal_error');
      expect(JSON.stringify(res.body)).not.toContain('hunter2');
      expect(res.body.error.debug).toBeUndefined();
    });
  });
});

describe('HTTP conventions in development', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await createTestApp({
      imports: [TestSupportModule],
      env: { NODE_ENV: 'development', LOG_LEVEL: 'silent' },
    });
  });
  afterAll(() => t.close());

  it('should add the stack as debug', async () => {
    const res = await request(t.http).get('/test-support/crash');
    expectEnvelope(res, 500, 'internal_error');
    expect(res.body.error.debug.stack).toContain('secret internals');
  });
});
