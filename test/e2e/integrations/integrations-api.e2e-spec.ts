import * as fs from 'node:fs';
import { defaultScope } from '../../../src/common/auth/route-auth';
import * as os from 'node:os';
import * as path from 'node:path';
import request from 'supertest';
import { PLATFORMS } from '../../../src/common/platforms';
import { IntegrationsService } from '../../../src/modules/integrations/integrations.service';
import { expectEnvelope } from '../../utils/assertions';
import { createUser, type TestUser } from '../../utils/identity';
import { runCli, sharingTestDatabase } from '../../utils/soku-process';
import { createTestApp, type TestApp } from '../../utils/test-app';
import { FakeOAuthPlatform } from '../../fakes/oauth-platform';
import { INTEGRATIONS_TEST_ENV, platformEnv } from './integrations-support';

describe('/v1/integrations', () => {
  let t: TestApp;
  let a: TestUser;
  let b: TestUser;

  beforeAll(async () => {
    t = await createTestApp({ env: INTEGRATIONS_TEST_ENV });
  });
  beforeEach(async () => {
    await t.reset();
    a = await createUser(t);
    b = await createUser(t);
  });
  afterAll(() => t.close());

  const as = (user: TestUser) => ({ 'soku-api-key': user.apiKey });
  const addX = (user: TestUser, accountId = '111') =>
    t.app.get(IntegrationsService).addAccount(defaultScope(user.userId), {
      platform: 'x',
      platformAccountId: accountId,
      displayName: 'X account',
      handle: 'xacc',
      sandbox: false,
      scopes: ['tweet.write'],
      metadata: {},
      tokens: { accessToken: 'plain-access-token', refreshToken: 'plain-refresh-token' },
    });

  describe('POST /v1/integrations/sandbox', () => {
    it('should create one sandbox account per platform, once', async () => {
      const first = await request(t.http).post('/v1/integrations/sandbox').set(as(a)).expect(201);
      expect(first.body.integrations.map((i: { accountId: string }) => i.accountId).sort()).toEqual(
        PLATFORMS.map((p) => `sandbox_${p}`).sort(),
      );
      expect(
        first.body.integrations.every(
          (i: { sandbox: boolean; status: string }) => i.sandbox && i.status === 'connected',
        ),
      ).toBe(true);
      const again = await request(t.http)
        .post('/v1/integrations/sandbox')
        .set(as(a))
        .send({})
        .expect(201);
      expect(again.body.integrations.map((i: { id: string }) => i.id).sort()).toEqual(
        first.body.integrations.map((i: { id: string }) => i.id).sort(),
      );
      const accounts = await t.app.get(IntegrationsService).listAccounts(defaultScope(a.userId));
      expect(accounts).toHaveLength(PLATFORMS.length);
    });

    it('should accept a subset, with the facebook_pages alias', async () => {
      const res = await request(t.http)
        .post('/v1/integrations/sandbox')
        .set(as(a))
        .send({ platforms: ['facebook_pages', 'x'] })
        .expect(201);
      expect(res.body.integrations.map((i: { platform: string }) => i.platform)).toEqual([
        'facebook',
        'x',
      ]);
    });

    it.each([
      ['an unknown platform', { platforms: ['myspace'] }, 'body.platforms'],
      ['not an array', { platforms: 'x' }, 'body.platforms'],
      ['duplicates', { platforms: ['x', 'x'] }, 'body.platforms'],
      ['an unknown field', { platform: 'x' }, 'body.platform'],
    ])('should refuse %s with 400', async (_case, body, field) => {
      const res = await request(t.http).post('/v1/integrations/sandbox').set(as(a)).send(body);
      expectEnvelope(res, 400, 'validation_error');
      expect(res.body.error.details[0].field).toBe(field);
    });
  });

  describe('GET /v1/integrations', () => {
    it("should list only the caller's accounts, never a token", async () => {
      await addX(a);
      await addX(b, '222');
      const res = await request(t.http).get('/v1/integrations').set(as(a)).expect(200);
      expect(res.body.integrations).toEqual([
        expect.objectContaining({
          platform: 'x',
          accountId: '111',
          platformAccountId: '111',
          scopes: ['tweet.write'],
        }),
      ]);
      const dump = JSON.stringify(res.body);
      expect(dump).not.toContain('plain-access-token');
      expect(dump).not.toContain('plain-refresh-token');
      expect(dump).not.toContain('v1.');
    });

    it('should filter by platform and refuse an unknown one', async () => {
      await addX(a);
      const none = await request(t.http)
        .get('/v1/integrations?platform=tiktok')
        .set(as(a))
        .expect(200);
      expect(none.body.integrations).toEqual([]);
      expectEnvelope(
        await request(t.http).get('/v1/integrations?platform=orkut').set(as(a)),
        400,
        'validation_error',
      );
    });

    it('should need an API key and a subscription', async () => {
      expectEnvelope(await request(t.http).get('/v1/integrations'), 401, 'unauthorized');
      const lapsed = await createUser(t, { subscription: 'none' });
      expectEnvelope(
        await request(t.http).get('/v1/integrations').set(as(lapsed)),
        403,
        'forbidden',
      );
    });
  });

  describe('PATCH /v1/integrations/:platform/:accountId', () => {
    it('should rename the alias, after which the old one is gone', async () => {
      await addX(a);
      const res = await request(t.http)
        .patch('/v1/integrations/x/111')
        .set(as(a))
        .send({ accountId: 'x_main' })
        .expect(200);
      expect(res.body).toEqual(
        expect.objectContaining({ accountId: 'x_main', platformAccountId: '111' }),
      );
      expectEnvelope(
        await request(t.http).patch('/v1/integrations/x/111').set(as(a)).send({ accountId: 'y' }),
        404,
        'not_found',
      );
    });

    it('should refuse an alias another account of that platform uses with 409', async () => {
      await addX(a);
      await addX(a, '333');
      const res = await request(t.http)
        .patch('/v1/integrations/x/111')
        .set(as(a))
        .send({ accountId: '333' });
      expectEnvelope(res, 409, 'account_id_taken');
    });

    it.each([
      ['empty', { accountId: '' }],
      ['with spaces', { accountId: 'my alias' }],
      ['too long', { accountId: 'a'.repeat(129) }],
      ['not a string', { accountId: 7 }],
      ['missing', {}],
      ['with an unknown field', { accountId: 'ok', sandbox: true }],
    ])('should refuse an accountId %s with 400', async (_case, body) => {
      await addX(a);
      const res = await request(t.http).patch('/v1/integrations/x/111').set(as(a)).send(body);
      expectEnvelope(res, 400, 'validation_error');
      expect(res.body.error.details[0].field).toMatch(/^body\./);
    });
  });

  describe('DELETE /v1/integrations/:platform/:accountId', () => {
    it('should disconnect and wipe the tokens, and free the alias', async () => {
      const added = await addX(a);
      const res = await request(t.http).delete('/v1/integrations/x/111').set(as(a)).expect(200);
      expect(res.body).toEqual({ disconnected: true, id: added.id });
      const [row] = await t.dataSource.query('SELECT * FROM integrations WHERE id = $1', [
        added.id,
      ]);
      expect(row).toEqual(
        expect.objectContaining({
          status: 'disconnected',
          access_token: null,
          refresh_token: null,
        }),
      );
      expect((await request(t.http).get('/v1/integrations').set(as(a))).body.integrations).toEqual(
        [],
      );
      expectEnvelope(
        await request(t.http).delete('/v1/integrations/x/111').set(as(a)),
        404,
        'not_found',
      );
      await addX(a, '444');
      await request(t.http)
        .patch('/v1/integrations/x/444')
        .set(as(a))
        .send({ accountId: '111' })
        .expect(200);
    });
  });

  describe('cross-user access', () => {
    it("should answer 404 to every route touching another user's account", async () => {
      await addX(a);
      expectEnvelope(
        await request(t.http)
          .patch('/v1/integrations/x/111')
          .set(as(b))
          .send({ accountId: 'mine' }),
        404,
        'not_found',
      );
      expectEnvelope(
        await request(t.http).delete('/v1/integrations/x/111').set(as(b)),
        404,
        'not_found',
      );
      expect((await request(t.http).get('/v1/integrations').set(as(b))).body.integrations).toEqual(
        [],
      );
      const [still] = (await request(t.http).get('/v1/integrations').set(as(a))).body.integrations;
      expect(still).toEqual(expect.objectContaining({ accountId: '111', status: 'connected' }));
    });
  });
});

describe('soku integrations:add / integrations:list', () => {
  let t: TestApp;
  let dataDir: string;
  let fake: FakeOAuthPlatform;

  beforeAll(async () => {
    fake = await new FakeOAuthPlatform().start();
    t = await createTestApp({ env: INTEGRATIONS_TEST_ENV });
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'soku-cli-'));
  });
  afterAll(async () => {
    await t.close();
    await fake.stop();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  const cli = (args: string[]) =>
    runCli([...args, '--json'], {
      ...INTEGRATIONS_TEST_ENV,
      ...platformEnv(fake, ['facebook']),
      ...sharingTestDatabase(dataDir),
    });

  it('should add a Page read from the platform with the token, and a sandbox account, and list them', async () => {
    const user = await createUser(t);
    const userToken = fake.issueAccessToken();
    const added = await cli([
      'integrations:add',
      '--email',
      user.email,
      '--platform',
      'facebook_pages',
      '--account-id',
      'fb_page_42',
      '--access-token',
      userToken,
      '--platform-account-id',
      '1002',
    ]);
    expect(added.code).toBe(0);
    const body = JSON.parse(added.stdout);
    expect(body).toEqual({ id: expect.any(String), platform: 'facebook', accountId: 'fb_page_42' });
    const credentials = await t.app
      .get(IntegrationsService)
      .getPublishCredentials(user.userId, body.id);
    expect(credentials.accessToken).toMatch(/^page1002_/);
    expect(credentials.metadata).toEqual({ pageId: '1002' });

    const sandbox = await cli([
      'integrations:add',
      '--email',
      user.email,
      '--platform',
      'x',
      '--account-id',
      'x_sandbox',
      '--sandbox',
    ]);
    expect(sandbox.code).toBe(0);

    const listed = await cli(['integrations:list', '--email', user.email]);
    expect(listed.code).toBe(0);
    const { integrations } = JSON.parse(listed.stdout);
    expect(
      integrations.map((i: { accountId: string; sandbox: boolean }) => [i.accountId, i.sandbox]),
    ).toEqual([
      ['fb_page_42', false],
      ['x_sandbox', true],
    ]);
    expect(listed.stdout).not.toContain(userToken);
  });

  it("should add and list in the profile --profile names, and refuse one not the user's", async () => {
    const user = await createUser(t);
    const created = await request(t.http)
      .post('/v1/profiles')
      .set('soku-api-key', user.apiKey)
      .send({ name: 'Client' })
      .expect(201);
    const profile = created.body.id as string;
    const sandbox = ['--platform', 'x', '--account-id', 'x_client', '--sandbox'];
    const added = await cli([
      'integrations:add',
      '--email',
      user.email,
      ...sandbox,
      '--profile',
      profile,
    ]);
    expect(added.code).toBe(0);
    const inProfile = await cli(['integrations:list', '--email', user.email, '--profile', profile]);
    expect(JSON.parse(inProfile.stdout).integrations).toEqual([
      expect.objectContaining({ accountId: 'x_client', profileId: profile }),
    ]);
    const inDefault = await cli(['integrations:list', '--email', user.email]);
    expect(JSON.parse(inDefault.stdout).integrations).toEqual([]);

    const stranger = await createUser(t);
    const refused = await cli([
      'integrations:add',
      '--email',
      stranger.email,
      ...sandbox,
      '--profile',
      profile,
    ]);
    expect(refused.code).toBe(1);
    expect(JSON.parse(refused.stdout).error.code).toBe('profile_not_found');
  });

  it.each([
    [['--platform', 'x', '--account-id', 'a'], '--access-token is required unless --sandbox'],
    [['--platform', 'orkut', '--account-id', 'a', '--sandbox'], '--platform must be one of'],
    [['--platform', 'x', '--account-id', 'a b', '--sandbox'], '--account-id must be'],
    [
      ['--platform', 'x', '--account-id', 'a', '--access-token', 't', '--expires-at', 'soon'],
      '--expires-at',
    ],
  ])('should refuse bad options with one JSON error: %j', async (args, message) => {
    const user = await createUser(t);
    const res = await cli(['integrations:add', '--email', user.email, ...args]);
    expect(res.code).toBe(1);
    const { error } = JSON.parse(res.stdout);
    expect(error.code).toBe('validation_error');
    expect(error.message).toContain(message);
  });
});
