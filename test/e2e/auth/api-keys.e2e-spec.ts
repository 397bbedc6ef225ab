import request from 'supertest';
import { ApiKeyUsageRecorder } from '../../../src/modules/api-keys/api-key-usage.recorder';
import { IdTokenVerifier } from '../../../src/modules/auth/id-token/id-token-verifier';
import {
  LOCAL_AUDIENCE,
  LOCAL_ISSUER,
  LocalIssuer,
} from '../../../src/modules/auth/id-token/local-issuer';
import { expectEnvelope } from '../../utils/assertions';
import { createUser, type TestUser } from '../../utils/identity';
import { tamperedToken, unsignedToken } from '../../utils/jwt';
import { createTestApp, type TestApp } from '../../utils/test-app';
import { AuthSupportModule } from './auth-support.module';

describe('API key management (/v1/api-keys, ID-token auth)', () => {
  let t: TestApp;
  let a: TestUser;
  let b: TestUser;

  beforeAll(async () => {
    t = await createTestApp({ imports: [AuthSupportModule] });
  });
  beforeEach(async () => {
    await t.reset();
    a = await createUser(t);
    b = await createUser(t);
  });
  afterAll(() => t.close());

  const bearer = (token: string) => ({ Authorization: `Bearer ${token}` });
  const create = (token: string, body?: object) =>
    request(t.http).post('/v1/api-keys').set(bearer(token)).send(body);

  describe('POST /v1/api-keys', () => {
    it('should create a key that works at once, shown once', async () => {
      const res = await create(a.idToken, { name: 'My Production Key' }).expect(201);
      expect(Object.keys(res.body)).toEqual(['apiKey']);
      expect(res.body.apiKey).toMatch(/^sk_live_[0-9A-Za-z]{49}$/);
      await request(t.http)
        .get('/test-auth/subscribed')
        .set('soku-api-key', res.body.apiKey)
        .expect(200);
    });

    it('should accept no body and no name', async () => {
      await request(t.http).post('/v1/api-keys').set(bearer(a.idToken)).expect(201);
      await create(a.idToken, {}).expect(201);
    });

    it.each([
      ['empty', { name: '' }],
      ['101 characters', { name: 'x'.repeat(101) }],
      ['not a string', { name: 42 }],
      ['an unknown field', { name: 'ok', scopes: ['all'] }],
    ])('should refuse a name that is %s with 400 validation_error', async (_case, body) => {
      const res = await create(a.idToken, body);
      expectEnvelope(res, 400, 'validation_error');
      expect(res.body.error.details[0].field).toMatch(/^body\./);
    });

    it('should store only the SHA-256 hash, never the key', async () => {
      const { apiKey } = (await create(a.idToken, { name: 'secret' }).expect(201)).body;
      const rows: Record<string, unknown>[] = await t.dataSource.query('SELECT * FROM api_keys');
      const dump = JSON.stringify(rows);
      expect(dump).not.toContain(apiKey);
      expect(dump).not.toContain(apiKey.slice(8));
      const { createHash } = await import('node:crypto');
      expect(rows.map((r) => r.id)).toContain(createHash('sha256').update(apiKey).digest('hex'));
    });
  });

  describe('GET /v1/api-keys', () => {
    it("should list the caller's keys with previews, newest first", async () => {
      const { apiKey } = (await create(a.idToken, { name: 'second' }).expect(201)).body;
      const res = await request(t.http).get('/v1/api-keys').set(bearer(a.idToken)).expect(200);
      expect(res.body.keys).toHaveLength(2);
      expect(res.body.keys[0]).toEqual({
        id: expect.stringMatching(/^[0-9a-f]{64}$/),
        name: 'second',
        createdAt: expect.any(String),
        revokedAt: null,
        lastUsedAt: null,
        profileId: null,
        tokenPreview: `sk_live_********${apiKey.slice(-4)}`,
      });
      expect(JSON.stringify(res.body)).not.toContain(apiKey);
    });

    it('should record lastUsedAt when usage is flushed', async () => {
      await request(t.http).get('/test-auth/subscribed').set('soku-api-key', a.apiKey).expect(200);
      await t.app.get(ApiKeyUsageRecorder).flush();
      const res = await request(t.http).get('/v1/api-keys').set(bearer(a.idToken)).expect(200);
      expect(res.body.keys[0].lastUsedAt).not.toBeNull();
    });
  });

  describe('DELETE /v1/api-keys/:id', () => {
    it('should revoke, show revokedAt, and be harmless twice', async () => {
      const [key] = (await request(t.http).get('/v1/api-keys').set(bearer(a.idToken))).body.keys;
      const res = await request(t.http)
        .delete(`/v1/api-keys/${key.id}`)
        .set(bearer(a.idToken))
        .expect(200);
      expect(res.body).toEqual({ revoked: true });
      await request(t.http).delete(`/v1/api-keys/${key.id}`).set(bearer(a.idToken)).expect(200);
      const [after] = (await request(t.http).get('/v1/api-keys').set(bearer(a.idToken))).body.keys;
      expect(after.revokedAt).not.toBeNull();
    });

    it('should answer 404 for an unknown id', async () => {
      const res = await request(t.http)
        .delete(`/v1/api-keys/${'0'.repeat(64)}`)
        .set(bearer(a.idToken));
      expectEnvelope(res, 404, 'not_found');
      expect(res.body.error.message).toBe('API key not found');
    });
  });

  describe('cross-user access', () => {
    it("B cannot list, see or revoke A's keys", async () => {
      const [aKey] = (await request(t.http).get('/v1/api-keys').set(bearer(a.idToken))).body.keys;
      const bList = (await request(t.http).get('/v1/api-keys').set(bearer(b.idToken)).expect(200))
        .body.keys;
      expect(bList.map((k: { id: string }) => k.id)).not.toContain(aKey.id);
      expect(bList).toHaveLength(1);

      const res = await request(t.http).delete(`/v1/api-keys/${aKey.id}`).set(bearer(b.idToken));
      expectEnvelope(res, 404, 'not_found');
      await request(t.http).get('/test-auth/subscribed').set('soku-api-key', a.apiKey).expect(200);
    });

    it('an API key is not an ID token', async () => {
      const res = await request(t.http).get('/v1/api-keys').set('soku-api-key', a.apiKey);
      expectEnvelope(res, 401, 'unauthorized');
    });
  });

  describe('ID tokens', () => {
    let issuer: LocalIssuer;
    let subject: string;

    beforeAll(() => {
      issuer = t.app.get<IdTokenVerifier, LocalIssuer>(IdTokenVerifier);
    });
    beforeEach(() => {
      subject = JSON.parse(Buffer.from(a.idToken.split('.')[1], 'base64url').toString()).sub;
    });

    const expect401 = async (headers: Record<string, string>, message: string) => {
      for (const send of [
        () => request(t.http).get('/v1/api-keys').set(headers),
        () => request(t.http).post('/v1/api-keys').set(headers).send({}),
        () =>
          request(t.http)
            .delete(`/v1/api-keys/${'0'.repeat(64)}`)
            .set(headers),
      ]) {
        const res = await send();
        expectEnvelope(res, 401, 'unauthorized');
        expect(res.body.error.message).toBe(message);
      }
    };

    it('missing → 401 on every key-management endpoint', () =>
      expect401({}, 'Missing or invalid Authorization: Bearer <ID token>'));

    it('not a Bearer token → 401', () =>
      expect401(
        { Authorization: `Basic ${a.idToken}` },
        'Missing or invalid Authorization: Bearer <ID token>',
      ));

    it('expired → 401 "ID token expired"', async () => {
      const token = await issuer.mint(subject, null, -60);
      await expect401(bearer(token), 'ID token expired');
    });

    it('wrong audience → 401', async () => {
      const token = tamperedToken(a.idToken, { aud: 'someone-else' });
      await expect401(bearer(token), 'Invalid ID token');
    });

    it('tampered subject → 401', async () => {
      const token = tamperedToken(a.idToken, { sub: 'b-subject' });
      await expect401(bearer(token), 'Invalid ID token');
    });

    it('unsigned (alg: none) → 401', async () => {
      const now = Math.floor(Date.now() / 1000);
      const token = unsignedToken({
        iss: LOCAL_ISSUER,
        aud: LOCAL_AUDIENCE,
        sub: subject,
        iat: now,
        exp: now + 600,
      });
      await expect401(bearer(token), 'Invalid ID token');
    });

    it('garbage → 401', () => expect401(bearer('not.a.jwt'), 'Invalid ID token'));
  });

  describe('GET /.well-known/jwks.json', () => {
    it("should publish the local issuer's public key and nothing private", async () => {
      const res = await request(t.http).get('/.well-known/jwks.json').expect(200);
      expect(res.body.keys).toHaveLength(1);
      expect(res.body.keys[0]).toEqual(
        expect.objectContaining({ kty: 'RSA', alg: 'RS256', use: 'sig' }),
      );
      expect(res.body.keys[0].d).toBeUndefined();
    });
  });
});
