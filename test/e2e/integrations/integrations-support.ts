import request from 'supertest';
import type { FakeOAuthPlatform } from '../../fakes/oauth-platform';
import type { TestApp } from '../../utils/test-app';

/** Env shared by the integration suites: no background refresh job, a fixed vault key. */
export const INTEGRATIONS_TEST_ENV = {
  SOKU_TOKEN_REFRESH_INTERVAL_SECONDS: '0',
  SOKU_ENCRYPTION_KEY: Buffer.alloc(32, 7).toString('base64'),
};

/**
 * The browser's part of a connect: start it with the API key, let the (fake) platform consent
 * and redirect, and return where it sent the browser back to.
 */
export async function authorizeAtPlatform(
  t: TestApp,
  apiKey: string,
  platform: string,
): Promise<{ authorizationUrl: URL; callbackPath: string }> {
  const started = await request(t.http)
    .post(`/v1/integrations/${platform}/connect`)
    .set('soku-api-key', apiKey)
    .expect(201);
  const authorizationUrl = new URL(started.body.authorizationUrl as string);
  const consent = await fetch(authorizationUrl, { redirect: 'manual' });
  expect(consent.status).toBe(302);
  const back = new URL(consent.headers.get('location')!);
  return { authorizationUrl, callbackPath: `${back.pathname}${back.search}` };
}

/** Start, consent and complete a connect; resolves with the callback's JSON answer. */
export async function connect(
  t: TestApp,
  apiKey: string,
  platform: string,
): Promise<{ accounts: { id: string; accountId: string }[] }> {
  const { callbackPath } = await authorizeAtPlatform(t, apiKey, platform);
  const res = await request(t.http).get(callbackPath).set('Accept', 'application/json');
  if (res.status !== 200) {
    throw new Error(JSON.stringify(res.body));
  }
  return res.body;
}

export function platformEnv(fake: FakeOAuthPlatform, platforms: string[]): Record<string, string> {
  return Object.assign({}, ...platforms.map((platform) => fake.env(platform)));
}
