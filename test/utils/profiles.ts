import request from 'supertest';
import type { TestUser } from './identity';
import type { TestApp } from './test-app';

/** A new profile of `user`, made through `POST /v1/profiles`; its id. */
export async function createProfile(t: TestApp, user: TestUser, name: string): Promise<string> {
  const res = await request(t.http)
    .post('/v1/profiles')
    .set('soku-api-key', user.apiKey)
    .send({ name });
  expect(res.status).toBe(201);
  return res.body.id as string;
}

/** A key of `user` bound to `profileId`, made through `POST /v1/api-keys` (an ID-token route). */
export async function bindKey(
  t: TestApp,
  user: TestUser,
  profileId: string,
  name = 'client',
): Promise<string> {
  const res = await request(t.http)
    .post('/v1/api-keys')
    .set('Authorization', `Bearer ${user.idToken}`)
    .send({ name, profileId });
  expect(res.status).toBe(201);
  return res.body.apiKey as string;
}
