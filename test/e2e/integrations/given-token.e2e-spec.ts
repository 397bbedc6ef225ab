import request from 'supertest';
import { defaultScope } from '../../../src/common/auth/route-auth';
import { IntegrationsService } from '../../../src/modules/integrations/integrations.service';
import { FakeOAuthPlatform } from '../../fakes/oauth-platform';
import { expectEnvelope } from '../../utils/assertions';
import { createUser, type TestUser } from '../../utils/identity';
import { createTestApp, type TestApp } from '../../utils/test-app';
import { INTEGRATIONS_TEST_ENV, platformEnv } from './integrations-support';

interface Listed {
  id: string;
  platform: string;
  accountId: string;
  platformAccountId: string;
  metadata: Record<string, unknown>;
  scopes: string[];
}

describe('POST /v1/integrations: accounts added with a token read their details from the platform', () => {
  let fake: FakeOAuthPlatform;
  let t: TestApp;
  let a: TestUser;

  beforeAll(async () => {
    fake = await new FakeOAuthPlatform().start();
    // The OAuth apps are deliberately not configured for Instagram and Threads: reading an
    // account with a given token needs none.
    const env = platformEnv(fake, ['facebook', 'instagram', 'threads', 'linkedin', 'x']);
    for (const name of ['INSTAGRAM', 'THREADS']) {
      delete env[`SOKU_${name}_CLIENT_ID`];
      delete env[`SOKU_${name}_CLIENT_SECRET`];
    }
    t = await createTestApp({ env: { ...INTEGRATIONS_TEST_ENV, ...env } });
  });
  beforeEach(async () => {
    await t.reset();
    a = await createUser(t);
  });
  afterAll(async () => {
    await t.close();
    await fake.stop();
  });

  const add = (body: Record<string, unknown>, apiKey = a.apiKey) =>
    request(t.http).post('/v1/integrations').set('soku-api-key', apiKey).send(body);
  const stored = async (userId = a.userId) =>
    (await t.app.get(IntegrationsService).list(defaultScope(userId))) as unknown as Listed[];
  const publishToken = async (id: string) =>
    (await t.app.get(IntegrationsService).getPublishCredentials(a.userId, id)).accessToken;

  it('should store the Instagram account by IG user id, with its Page and the Page token', async () => {
    const userToken = fake.issueAccessToken();
    const res = await add({ platform: 'instagram', accessToken: userToken, accountId: 'ig_main' });
    expect(res.status).toBe(201);
    expect(res.body.integrations).toEqual([
      expect.objectContaining({
        platform: 'instagram',
        accountId: 'ig_main',
        platformAccountId: '17841000000000001',
        handle: 'page.one.ig',
        metadata: { igUserId: '17841000000000001', pageId: '1001', pageName: 'Page One' },
        scopes: [],
      }),
    ]);
    const token = await publishToken(res.body.integrations[0].id);
    expect(token).toMatch(/^page1001_/);
    expect(JSON.stringify(res.body)).not.toContain(userToken);
  });

  it.each([
    ['threads', 'threads-user-1', { threadsUserId: 'threads-user-1' }],
    ['linkedin', 'li-sub-1', { personUrn: 'urn:li:person:li-sub-1' }],
    ['x', '2244994945', { userId: '2244994945', username: 'sokudev' }],
  ])('should read the %s account the token belongs to', async (platform, id, metadata) => {
    const accessToken = fake.issueAccessToken();
    const res = await add({ platform, accessToken, refreshToken: 'rt-given' }).expect(201);
    expect(res.body.integrations).toEqual([
      expect.objectContaining({ accountId: id, platformAccountId: id, metadata }),
    ]);
    expect(await publishToken(res.body.integrations[0].id)).toBe(accessToken);
  });

  it('should add every Page of a Facebook user token, or the one platformAccountId names', async () => {
    const accessToken = fake.issueAccessToken();
    const all = await add({ platform: 'facebook_pages', accessToken }).expect(201);
    expect(all.body.integrations.map((i: Listed) => i.platformAccountId)).toEqual(['1001', '1002']);

    await t.reset();
    a = await createUser(t);
    const one = await add({
      platform: 'facebook',
      accessToken,
      platformAccountId: '1002',
      accountId: 'fb_two',
    }).expect(201);
    expect(one.body.integrations).toEqual([
      expect.objectContaining({ accountId: 'fb_two', metadata: { pageId: '1002' } }),
    ]);
  });

  it('should refuse one alias for several accounts, and an account the token does not give', async () => {
    const accessToken = fake.issueAccessToken();
    const several = await add({ platform: 'facebook', accessToken, accountId: 'fb' });
    expectEnvelope(several, 400, 'account_choice_required');
    expect(several.body.error.message).toContain('1001, 1002');
    const absent = await add({ platform: 'facebook', accessToken, platformAccountId: '999' });
    expectEnvelope(absent, 400, 'account_not_in_token');
    expect(await stored()).toEqual([]);
  });

  it("should refuse a token the platform refuses, with the platform's message, storing nothing", async () => {
    const meta = await add({ platform: 'instagram', accessToken: 'not-a-token' });
    expectEnvelope(meta, 400, 'platform_token_rejected');
    expect(meta.body.error.message).toBe(
      'instagram answered: (#190) Invalid OAuth access token - Cannot parse access token',
    );
    expectEnvelope(
      await add({ platform: 'x', accessToken: 'nope' }),
      400,
      'platform_token_rejected',
    );
    expect(await stored()).toEqual([]);
  });

  it('should answer 400 with the field paths for a bad body', async () => {
    const res = await add({ platform: 'myspace', expiresAt: 'tomorrow', accountId: 'a b' });
    expectEnvelope(res, 400, 'validation_error');
    const fields = (res.body.error.details as { field: string }[]).map((d) => d.field).sort();
    expect(fields).toEqual([
      'body.accessToken',
      'body.accountId',
      'body.expiresAt',
      'body.platform',
    ]);
  });

  it('should add with a token for a user through the admin API', async () => {
    const admin = await createUser(t, { admin: true });
    const res = await request(t.http)
      .post(`/admin/users/${a.userId}/integrations`)
      .set('Authorization', `Bearer ${admin.idToken}`)
      .send({ platform: 'threads', accessToken: fake.issueAccessToken() });
    expect(res.status).toBe(201);
    expect((await stored()).map((i) => i.metadata)).toEqual([{ threadsUserId: 'threads-user-1' }]);
    expectEnvelope(
      await request(t.http)
        .post(`/admin/users/${a.userId}/integrations`)
        .set('Authorization', `Bearer ${a.idToken}`)
        .send({ platform: 'threads', accessToken: 'x' }),
      403,
      'forbidden',
    );
  });
});
