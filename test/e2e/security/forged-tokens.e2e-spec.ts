import { randomUUID } from 'node:crypto';
import request from 'supertest';
import { FakeJwksServer } from '../../fakes/jwks-server';
import { forgedTokens, type ForgedToken } from '../../security/forged-tokens';
import { loadOpenApi } from '../../security/openapi-document';
import { createTestApp, type TestApp } from '../../utils/test-app';

const PROJECT = 'soku-forgery-test';
const ISSUER = `https://securetoken.google.com/${PROJECT}`;

/**
 * Every forged ID token against every operation the OpenAPI document secures with an ID token:
 * a route added tomorrow is tried the day it is documented.
 */
describe('forged ID tokens on every ID-token operation', () => {
  let real: FakeJwksServer;
  let attacker: FakeJwksServer;
  let t: TestApp;
  let forged: ForgedToken[];
  const operations = loadOpenApi().operations.filter((op) => op.security === 'id-token');

  beforeAll(async () => {
    real = await new FakeJwksServer().start();
    attacker = await new FakeJwksServer().start();
    t = await createTestApp({
      env: {
        AUTH_JWKS_URL: real.jwksUrl,
        AUTH_ISSUER: ISSUER,
        AUTH_AUDIENCE: PROJECT,
        SOKU_RATE_LIMIT_ENABLED: 'false',
      },
    });
    forged = await forgedTokens({ issuer: ISSUER, audience: PROJECT, real, attacker });
    // The worker's database is shared with the suites before this one: "no user" means none.
    await t.reset();
  });
  afterAll(async () => {
    await t.close();
    await real.stop();
    await attacker.stop();
  });

  it('should try at least the 21 forgeries of the red-team pass, on every ID-token operation', () => {
    expect(forged.length).toBeGreaterThanOrEqual(21);
    expect(operations.map((op) => `${op.method} ${op.path}`)).toEqual(
      expect.arrayContaining(['GET /v1/api-keys', 'POST /v1/api-keys']),
    );
  });

  it('should answer each with its 401, create no user and fetch no key but the real one', async () => {
    const wrong: string[] = [];
    for (const op of operations) {
      const url = op.path.replace(/\{\w+\}/g, () => randomUUID());
      for (const { name, token, message } of forged) {
        const call = request(t.http)
          [op.method.toLowerCase() as 'get'](url)
          .set('authorization', `Bearer ${token}`);
        const res = await (op.body ? call.send({}) : call);
        if (res.status !== 401 || res.body.error?.message !== message) {
          wrong.push(`${op.method} ${op.path}, ${name}: ${res.status} ${res.body.error?.message}`);
        }
      }
    }
    expect(wrong).toEqual([]);
    expect(await t.dataSource.query('SELECT id FROM users')).toEqual([]);
    expect(attacker.requests).toBe(0);
  });

  it('should still take an honest token (the suite is not refusing everything)', async () => {
    const honest = await real.sign({ iss: ISSUER, aud: PROJECT, sub: 'honest' });
    await request(t.http).get('/v1/api-keys').set('authorization', `Bearer ${honest}`).expect(200);
  });
});
