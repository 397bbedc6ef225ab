import request from 'supertest';
import { IntegrationsService } from '../../../src/modules/integrations/integrations.service';
import { FakeOAuthPlatform } from '../../fakes/oauth-platform';
import { expectEnvelope } from '../../utils/assertions';
import { createUser, type TestUser } from '../../utils/identity';
import { createTestApp, type TestApp } from '../../utils/test-app';
import { INTEGRATIONS_TEST_ENV, platformEnv } from './integrations-support';
import { bindKey, createProfile as newProfile } from '../../utils/profiles';

interface Listed {
  id: string;
  profileId: string;
  platform: string;
  accountId: string;
  status: string;
}

describe('Integrations in profiles (Soku-Profile, bound keys, the agency connect link)', () => {
  let fake: FakeOAuthPlatform;
  let t: TestApp;
  let a: TestUser;
  let client: string;

  beforeAll(async () => {
    fake = await new FakeOAuthPlatform().start();
    t = await createTestApp({
      env: { ...INTEGRATIONS_TEST_ENV, ...platformEnv(fake, ['x', 'facebook']) },
    });
  });
  beforeEach(async () => {
    await t.reset();
    fake.tokenCalls = [];
    a = await createUser(t);
    client = await createProfile(a, 'Client');
  });
  afterAll(async () => {
    await t.close();
    await fake.stop();
  });

  const as = (user: TestUser, profile?: string): Record<string, string> =>
    profile === undefined
      ? { 'soku-api-key': user.apiKey }
      : { 'soku-api-key': user.apiKey, 'soku-profile': profile };
  const createProfile = (user: TestUser, name: string) => newProfile(t, user, name);
  const boundKey = (user: TestUser, profileId: string) => bindKey(t, user, profileId);
  const list = async (headers: Record<string, string>): Promise<Listed[]> => {
    const res = await request(t.http).get('/v1/integrations').set(headers).expect(200);
    return res.body.integrations as Listed[];
  };
  const sandboxX = (headers: Record<string, string>) =>
    request(t.http)
      .post('/v1/integrations/sandbox')
      .set(headers)
      .send({ platforms: ['x'] });
  const targetable = (profileId: string) =>
    t.app.get(IntegrationsService).listAccounts({ userId: a.userId, profileId });
  /** The connect's browser part: the platform consents and sends the browser back. */
  const consent = async (started: request.Response): Promise<string> => {
    expect(started.status).toBe(201);
    const back = await fetch(started.body.authorizationUrl as string, { redirect: 'manual' });
    expect(back.status).toBe(302);
    const url = new URL(back.headers.get('location')!);
    return `${url.pathname}${url.search}`;
  };
  const callback = (path: string) => request(t.http).get(path).set('Accept', 'application/json');

  it('should create, list, rename and disconnect accounts in the request profile only', async () => {
    const mine = await sandboxX(as(a)).expect(201);
    const theirs = await sandboxX(as(a, client)).expect(201);
    expect(mine.body.integrations).toEqual([
      expect.objectContaining({ accountId: 'sandbox_x', profileId: a.userId }),
    ]);
    expect(theirs.body.integrations).toEqual([
      expect.objectContaining({ accountId: 'sandbox_x', profileId: client }),
    ]);
    expect(theirs.body.integrations[0].id).not.toBe(mine.body.integrations[0].id);
    expect((await list(as(a))).map((i) => i.id)).toEqual([mine.body.integrations[0].id]);
    expect((await list(as(a, client))).map((i) => i.id)).toEqual([theirs.body.integrations[0].id]);
    expect((await targetable(client)).map((i) => i.id)).toEqual([theirs.body.integrations[0].id]);

    await request(t.http)
      .patch('/v1/integrations/x/sandbox_x')
      .set(as(a, client))
      .send({ accountId: 'client_x' })
      .expect(200);
    await request(t.http).delete('/v1/integrations/x/client_x').set(as(a, client)).expect(200);
    // The default profile's account kept its alias and is still connected.
    expect(await list(as(a))).toEqual([
      expect.objectContaining({ accountId: 'sandbox_x', status: 'connected' }),
    ]);
    expect(await list(as(a, client))).toEqual([]);
  });

  it("should answer another profile's account exactly like another user's", async () => {
    await sandboxX(as(a)).expect(201);
    const fromProfile = await request(t.http)
      .delete('/v1/integrations/x/sandbox_x')
      .set(as(a, client));
    const fromUser = await request(t.http)
      .patch('/v1/integrations/x/sandbox_x')
      .set(as(await createUser(t)))
      .send({ accountId: 'mine_now' });
    expectEnvelope(fromProfile, 404, 'not_found');
    expectEnvelope(fromUser, 404, 'not_found');
    expect(fromProfile.body.error.message).toBe(fromUser.body.error.message);
    const renamed = await request(t.http)
      .patch('/v1/integrations/x/sandbox_x')
      .set(as(a, client))
      .send({ accountId: 'mine_now' });
    expectEnvelope(renamed, 404, 'not_found');
    expect(await list(as(a))).toEqual([
      expect.objectContaining({ accountId: 'sandbox_x', status: 'connected' }),
    ]);
  });

  it("should put a bound key's accounts in its profile without the header", async () => {
    const key = await boundKey(a, client);
    const res = await sandboxX({ 'soku-api-key': key }).expect(201);
    expect(res.body.integrations[0].profileId).toBe(client);
    expect(await list(as(a))).toEqual([]);
    expectEnvelope(
      await sandboxX({ 'soku-api-key': key, 'soku-profile': a.userId }),
      403,
      'profile_forbidden',
    );
  });

  it('should keep a real account live in one profile: 409 elsewhere until disconnected', async () => {
    const add = (headers: Record<string, string>) =>
      request(t.http)
        .post('/v1/integrations')
        .set(headers)
        .send({ platform: 'x', accessToken: fake.issueAccessToken() });
    const first = await add(as(a, client)).expect(201);
    expect(first.body.integrations).toEqual([
      expect.objectContaining({ accountId: '2244994945', profileId: client }),
    ]);
    const elsewhere = await add(as(a));
    expectEnvelope(elsewhere, 409, 'account_in_another_profile');
    expect(await list(as(a))).toEqual([]);
    // Reconnecting in its own profile still updates the same row.
    const again = await add(as(a, client)).expect(201);
    expect(again.body.integrations[0].id).toBe(first.body.integrations[0].id);

    await request(t.http).delete('/v1/integrations/x/2244994945').set(as(a, client)).expect(200);
    const moved = await add(as(a)).expect(201);
    expect(moved.body.integrations[0]).toMatchObject({ profileId: a.userId, status: 'connected' });
    // Another user connecting the same account is their own business, as before profiles.
    await add(as(await createUser(t))).expect(201);
  });

  it("should store none of a login's Pages when one is live in another profile", async () => {
    const pages = (headers: Record<string, string>, body: Record<string, unknown> = {}) =>
      request(t.http)
        .post('/v1/integrations')
        .set(headers)
        .send({ platform: 'facebook', accessToken: fake.issueAccessToken(), ...body });
    await pages(as(a), { platformAccountId: '1002' }).expect(201);
    expectEnvelope(await pages(as(a, client)), 409, 'account_in_another_profile');
    expect(await list(as(a, client))).toEqual([]);
    await pages(as(a, client), { platformAccountId: '1001' }).expect(201);
  });

  it("should connect through the link into the profile it was started in (the agency's link)", async () => {
    const started = await request(t.http).post('/v1/integrations/x/connect').set(as(a, client));
    // The client's browser: no key, only the platform's redirect.
    const res = await callback(await consent(started)).expect(200);
    expect(res.body.accounts).toEqual([
      expect.objectContaining({ accountId: '2244994945', profileId: client }),
    ]);
    expect((await list(as(a, client))).map((i) => i.id)).toEqual([res.body.accounts[0].id]);
    expect(await list(as(a))).toEqual([]);
    expect((await targetable(client)).map((i) => i.accountId)).toEqual(['2244994945']);
    expect(await targetable(a.userId)).toEqual([]);
  });

  it("should connect a bound key's link into its profile", async () => {
    const key = await boundKey(a, client);
    const started = await request(t.http)
      .post('/v1/integrations/x/connect')
      .set('soku-api-key', key);
    const res = await callback(await consent(started)).expect(200);
    expect(res.body.accounts[0].profileId).toBe(client);
  });

  it('should connect nothing when the profile was deleted before the callback', async () => {
    const started = await request(t.http).post('/v1/integrations/x/connect').set(as(a, client));
    const path = await consent(started);
    await request(t.http).delete(`/v1/profiles/${client}`).set(as(a)).expect(200);
    const res = await callback(path);
    expectEnvelope(res, 404, 'profile_not_found');
    expect(res.body.error.message).toContain('has been deleted');
    expect(fake.tokenCalls).toHaveLength(0);
    expect(await t.dataSource.query('SELECT id FROM integrations')).toEqual([]);
    // The state is spent: the same link cannot be tried again.
    expectEnvelope(await callback(path), 400, 'invalid_oauth_state');
  });

  it("should disconnect a deleted profile's accounts, wipe their tokens and leave others", async () => {
    await sandboxX(as(a)).expect(201);
    await request(t.http)
      .post('/v1/integrations')
      .set(as(a, client))
      .send({ platform: 'x', accessToken: fake.issueAccessToken(), refreshToken: 'rt' })
      .expect(201);
    // Read once so the accounts cache holds the client's account as connected.
    expect(await targetable(client)).toHaveLength(1);

    await request(t.http).delete(`/v1/profiles/${client}`).set(as(a)).expect(200);

    expect(await targetable(client)).toEqual([]);
    const rows = await t.dataSource.query(
      `SELECT status, access_token, refresh_token, expires_at FROM integrations WHERE profile_id = $1`,
      [client],
    );
    expect(rows).toEqual([
      { status: 'disconnected', access_token: null, refresh_token: null, expires_at: null },
    ]);
    expect(await list(as(a))).toEqual([
      expect.objectContaining({ accountId: 'sandbox_x', status: 'connected' }),
    ]);
    // Its platform account is free to be connected into another profile.
    await request(t.http)
      .post('/v1/integrations')
      .set(as(a))
      .send({ platform: 'x', accessToken: fake.issueAccessToken() })
      .expect(201);
  });

  it("should list every profile's accounts in the admin view, each with its profile", async () => {
    await sandboxX(as(a)).expect(201);
    await sandboxX(as(a, client)).expect(201);
    const admin = await createUser(t, { admin: true });
    const res = await request(t.http)
      .get(`/admin/users/${a.userId}/integrations`)
      .set('Authorization', `Bearer ${admin.idToken}`)
      .expect(200);
    expect(res.body.integrations.map((i: Listed) => i.profileId).sort()).toEqual(
      [a.userId, client].sort(),
    );
  });
});
