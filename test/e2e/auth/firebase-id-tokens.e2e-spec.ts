import request from 'supertest';
import { FakeJwksServer } from '../../fakes/jwks-server';
import { expectEnvelope } from '../../utils/assertions';
import { createTestApp, type TestApp } from '../../utils/test-app';

const PROJECT = 'soku-test-project';
const ISSUER = `https://securetoken.google.com/${PROJECT}`;

/** Firebase's ID-token claim layout (https://firebase.google.com/docs/auth/admin/verify-id-tokens). */
function firebaseClaims(uid: string, overrides: Record<string, unknown> = {}) {
  const now = Math.floor(Date.now() / 1000);
  return {
    iss: ISSUER,
    aud: PROJECT,
    sub: uid,
    user_id: uid,
    auth_time: now - 60,
    email: `${uid}@example.test`,
    email_verified: true,
    firebase: { identities: { email: [`${uid}@example.test`] }, sign_in_provider: 'password' },
    ...overrides,
  };
}

const nowSeconds = () => Math.floor(Date.now() / 1000);

describe('ID tokens from an external issuer (Firebase-compatible)', () => {
  let jwks: FakeJwksServer;
  let otherIssuer: FakeJwksServer;
  let t: TestApp;

  beforeAll(async () => {
    jwks = await new FakeJwksServer().start();
    otherIssuer = await new FakeJwksServer().start();
    t = await createTestApp({
      env: { AUTH_JWKS_URL: jwks.jwksUrl, AUTH_ISSUER: ISSUER, AUTH_AUDIENCE: PROJECT },
    });
  });
  beforeEach(() => t.reset());
  afterAll(async () => {
    await t.close();
    await jwks.stop();
    await otherIssuer.stop();
  });

  const listKeys = (token: string) =>
    request(t.http).get('/v1/api-keys').set('Authorization', `Bearer ${token}`);

  it('should accept an RS256 token with Firebase claims and create the user on first sight', async () => {
    const token = await jwks.sign(firebaseClaims('firebase-uid-1'));
    await listKeys(token).expect(200);
    await request(t.http)
      .post('/v1/api-keys')
      .set('Authorization', `Bearer ${token}`)
      .send({ name: 'k' })
      .expect(201);
    const users = await t.dataSource.query('SELECT email, auth_issuer, auth_subject FROM users');
    expect(users).toEqual([
      { email: 'firebase-uid-1@example.test', auth_issuer: ISSUER, auth_subject: 'firebase-uid-1' },
    ]);

    // Same sub again: same user, its key listed.
    const again = await listKeys(await jwks.sign(firebaseClaims('firebase-uid-1'))).expect(200);
    expect(again.body.keys).toHaveLength(1);
  });

  it('should create one user when the first requests of a new sub arrive together', async () => {
    const token = await jwks.sign(firebaseClaims('firebase-uid-concurrent'));
    const results = await Promise.all(Array.from({ length: 10 }, () => listKeys(token)));
    expect(results.map((r) => r.status)).toEqual(Array(10).fill(200));
    const [{ count }] = await t.dataSource.query('SELECT count(*)::int AS count FROM users');
    expect(count).toBe(1);
  });

  it.each([
    [
      'wrong issuer',
      () => jwks.sign(firebaseClaims('u', { iss: 'https://securetoken.google.com/other' })),
    ],
    ['wrong audience', () => jwks.sign(firebaseClaims('u', { aud: 'other-project' }))],
    ['signed by another key', () => otherIssuer.sign(firebaseClaims('u'), { kid: 'fake-kid-1' })],
    ['no subject', () => jwks.sign(firebaseClaims('u', { sub: undefined }))],
    [
      'an iat an hour in the future',
      () => jwks.sign(firebaseClaims('u'), { issuedAt: nowSeconds() + 3600, expiresIn: '2h' }),
    ],
    ['a 10-year lifetime', () => jwks.sign(firebaseClaims('u'), { expiresIn: '3650d' })],
    [
      'a lifetime just over the 24 h default',
      () => {
        const now = nowSeconds();
        return jwks.sign(firebaseClaims('u'), { issuedAt: now, expiresIn: now + 86_401 });
      },
    ],
  ])('should refuse a token with %s (401)', async (_case, makeToken) => {
    const res = await listKeys(await makeToken());
    expectEnvelope(res, 401, 'unauthorized');
    expect(res.body.error.message).toBe('Invalid ID token');
  });

  it('should refuse an expired token with "ID token expired"', async () => {
    const res = await listKeys(
      await jwks.sign(firebaseClaims('u'), { expiresIn: Math.floor(Date.now() / 1000) - 60 }),
    );
    expectEnvelope(res, 401, 'unauthorized');
    expect(res.body.error.message).toBe('ID token expired');
  });

  it('should accept an iat within the clock tolerance and a 24 h lifetime', async () => {
    const now = nowSeconds();
    await listKeys(
      await jwks.sign(firebaseClaims('u'), { issuedAt: now + 3, expiresIn: now + 3 + 86_400 }),
    ).expect(200);
  });

  it('should not serve a local JWKS when an external issuer is configured', async () => {
    const res = await request(t.http).get('/.well-known/jwks.json');
    expectEnvelope(res, 404, 'not_found');
  });
});
