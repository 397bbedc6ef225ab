import { createHash } from 'node:crypto';
import request from 'supertest';
import { IntegrationsService } from '../../../src/modules/integrations/integrations.service';
import { TokenVault } from '../../../src/infra/vault/token-vault';
import { FakeOAuthPlatform } from '../../fakes/oauth-platform';
import { expectEnvelope } from '../../utils/assertions';
import { createUser, type TestUser } from '../../utils/identity';
import { createTestApp, type TestApp } from '../../utils/test-app';
import {
  authorizeAtPlatform,
  connect,
  INTEGRATIONS_TEST_ENV,
  platformEnv,
} from './integrations-support';

const CONFIGURED = ['x', 'facebook', 'instagram', 'threads', 'tiktok', 'youtube', 'linkedin'];

describe('OAuth connect flow against a fake platform', () => {
  let fake: FakeOAuthPlatform;
  let t: TestApp;
  let a: TestUser;

  beforeAll(async () => {
    fake = await new FakeOAuthPlatform().start();
    t = await createTestApp({
      env: { ...INTEGRATIONS_TEST_ENV, ...platformEnv(fake, CONFIGURED) },
    });
  });
  beforeEach(async () => {
    await t.reset();
    fake.tokenCalls = [];
    a = await createUser(t);
  });
  afterAll(async () => {
    await t.close();
    await fake.stop();
  });

  it('should connect an X account: PKCE sent, account stored, tokens encrypted at rest', async () => {
    const { authorizationUrl, callbackPath } = await authorizeAtPlatform(t, a.apiKey, 'x');
    const q = authorizationUrl.searchParams;
    expect(authorizationUrl.pathname).toBe('/i/oauth2/authorize');
    expect(q.get('client_id')).toBe(fake.clientId);
    expect(q.get('redirect_uri')).toBe('http://localhost:3000/v1/integrations/x/callback');
    expect(q.get('scope')).toContain('offline.access');
    expect(q.get('code_challenge_method')).toBe('S256');

    const res = await request(t.http)
      .get(callbackPath)
      .set('Accept', 'application/json')
      .expect(200);
    expect(res.body).toEqual({
      connected: true,
      platform: 'x',
      accounts: [
        {
          id: expect.any(String),
          profileId: expect.any(String),
          platform: 'x',
          accountId: '2244994945',
          displayName: 'Soku Dev',
          status: 'connected',
          sandbox: false,
        },
      ],
    });

    // The verifier went to the token endpoint and matches the challenge; the client used Basic.
    const [exchange] = fake.tokenCalls;
    expect(exchange.params.grant_type).toBe('authorization_code');
    const verifier = exchange.params.code_verifier;
    expect(createHash('sha256').update(verifier).digest('base64url')).toBe(q.get('code_challenge'));
    expect(exchange.basicAuth).toMatch(/^Basic /);

    const [row] = await t.dataSource.query('SELECT * FROM integrations');
    expect(row.access_token).toMatch(/^v1\./);
    expect(row.refresh_token).toMatch(/^v1\./);
    expect(JSON.stringify(row)).not.toMatch(/"(at|rt)_[0-9a-f]{24}/);
    const vault = t.app.get(TokenVault);
    const accessToken = vault.decrypt(row.access_token, `${row.id}:access`);
    expect(fake.isLiveAccessToken(accessToken)).toBe(true);
    const credentials = await t.app
      .get(IntegrationsService)
      .getPublishCredentials(a.userId, res.body.accounts[0].id);
    expect(credentials.accessToken).toBe(accessToken);
    expect(credentials.metadata).toEqual({ userId: '2244994945', username: 'sokudev' });

    const list = await request(t.http)
      .get('/v1/integrations')
      .set('soku-api-key', a.apiKey)
      .expect(200);
    expect(list.body.integrations).toEqual([
      expect.objectContaining({
        platform: 'x',
        accountId: '2244994945',
        handle: 'sokudev',
        status: 'connected',
      }),
    ]);
    expect(JSON.stringify(list.body)).not.toContain(accessToken);
    expect(JSON.stringify(list.body)).not.toContain('v1.');
  });

  it('should refuse a replayed state', async () => {
    const { callbackPath } = await authorizeAtPlatform(t, a.apiKey, 'x');
    await request(t.http).get(callbackPath).set('Accept', 'application/json').expect(200);
    const replay = await request(t.http).get(callbackPath).set('Accept', 'application/json');
    expectEnvelope(replay, 400, 'invalid_oauth_state');
    expect(fake.tokenCalls).toHaveLength(1);
  });

  it.each([
    ['an unknown state', (path: string) => path.replace(/state=[^&]+/, 'state=forged')],
    ['no state', (path: string) => path.replace(/&?state=[^&]+/, '')],
    ['an array of states', (path: string) => `${path}&state=again`],
  ])('should refuse %s without calling the platform', async (_case, tamper) => {
    const { callbackPath } = await authorizeAtPlatform(t, a.apiKey, 'x');
    const res = await request(t.http).get(tamper(callbackPath)).set('Accept', 'application/json');
    expectEnvelope(res, 400, 'invalid_oauth_state');
    expect(fake.tokenCalls).toHaveLength(0);
  });

  it("should refuse one platform's state on another platform's callback", async () => {
    const { callbackPath } = await authorizeAtPlatform(t, a.apiKey, 'x');
    const res = await request(t.http)
      .get(callbackPath.replace('/x/callback', '/tiktok/callback'))
      .set('Accept', 'application/json');
    expectEnvelope(res, 400, 'invalid_oauth_state');
  });

  it('should report a declined authorization and spend the state', async () => {
    const { callbackPath } = await authorizeAtPlatform(t, a.apiKey, 'x');
    const state = new URL(callbackPath, 'http://x').searchParams.get('state')!;
    const path = `/v1/integrations/x/callback?state=${state}&error=access_denied&error_description=User+declined`;
    const res = await request(t.http).get(path).set('Accept', 'application/json');
    expectEnvelope(res, 400, 'authorization_denied');
    expect(res.body.error.message).toBe('Authorization failed: access_denied: User declined');
    expectEnvelope(
      await request(t.http).get(callbackPath).set('Accept', 'application/json'),
      400,
      'invalid_oauth_state',
    );
  });

  it('should show a small HTML page to a browser, for success and failure', async () => {
    const { callbackPath } = await authorizeAtPlatform(t, a.apiKey, 'x');
    const ok = await request(t.http).get(callbackPath).set('Accept', 'text/html').expect(200);
    expect(ok.headers['content-type']).toMatch(/^text\/html/);
    expect(ok.text).toContain('Connected x: 2244994945');
    const bad = await request(t.http).get(callbackPath).set('Accept', 'text/html').expect(400);
    expect(bad.text).toContain('Unknown, expired or already used OAuth state');
  });

  it('should store every Facebook Page of one Meta login as an account, each with its Page token', async () => {
    const { accounts } = await connect(t, a.apiKey, 'facebook');
    expect(accounts.map((account) => account.accountId)).toEqual(['1001', '1002']);
    const rows = await t.dataSource.query(
      'SELECT id, access_token FROM integrations ORDER BY account_id',
    );
    const vault = t.app.get(TokenVault);
    expect(vault.decrypt(rows[0].access_token, `${rows[0].id}:access`)).toMatch(/^page1001_/);
    expect(vault.decrypt(rows[1].access_token, `${rows[1].id}:access`)).toMatch(/^page1002_/);
    // Code → short-lived token → long-lived token, both on Meta's GET endpoint.
    expect(fake.tokenCalls.map((call) => call.params.grant_type ?? 'authorization_code')).toEqual([
      'authorization_code',
      'fb_exchange_token',
    ]);
  });

  it('should store only the Pages with a linked Instagram account, by IG user id', async () => {
    const { accounts } = await connect(t, a.apiKey, 'instagram');
    expect(accounts.map((account) => account.accountId)).toEqual(['17841000000000001']);
    const list = await request(t.http)
      .get('/v1/integrations?platform=instagram')
      .set('soku-api-key', a.apiKey)
      .expect(200);
    expect(list.body.integrations[0]).toEqual(
      expect.objectContaining({
        handle: 'page.one.ig',
        metadata: { igUserId: '17841000000000001', pageId: '1001', pageName: 'Page One' },
      }),
    );
  });

  it.each([
    ['threads', 'threads-user-1', { threadsUserId: 'threads-user-1' }],
    [
      'tiktok',
      'tt-open-1',
      expect.objectContaining({
        openId: 'tt-open-1',
        creatorInfo: expect.objectContaining({
          privacy_level_options: ['SELF_ONLY', 'PUBLIC_TO_EVERYONE'],
        }),
      }),
    ],
    ['youtube', 'UCabc123', { channelId: 'UCabc123' }],
    ['linkedin', 'li-sub-1', { personUrn: 'urn:li:person:li-sub-1' }],
  ])('should connect %s and read its account', async (platform, accountId, metadata) => {
    const { accounts } = await connect(t, a.apiKey, platform);
    expect(accounts.map((account) => account.accountId)).toEqual([accountId]);
    const list = await request(t.http)
      .get('/v1/integrations')
      .set('soku-api-key', a.apiKey)
      .expect(200);
    expect(list.body.integrations[0].metadata).toEqual(metadata);
  });

  it('should send TikTok the client as client_key and ask Google for offline access with PKCE', async () => {
    const tiktok = await authorizeAtPlatform(t, a.apiKey, 'tiktok');
    expect(tiktok.authorizationUrl.searchParams.get('client_key')).toBe(fake.clientId);
    expect(tiktok.authorizationUrl.searchParams.get('code_challenge')).toBeNull();
    const youtube = await authorizeAtPlatform(t, a.apiKey, 'youtube');
    expect(youtube.authorizationUrl.searchParams.get('access_type')).toBe('offline');
    expect(youtube.authorizationUrl.searchParams.get('prompt')).toBe('consent');
    expect(youtube.authorizationUrl.searchParams.get('code_challenge')).toBeTruthy();
    // First comments are commentThreads.insert, which needs youtube.force-ssl.
    expect(youtube.authorizationUrl.searchParams.get('scope')?.split(' ')).toContain(
      'https://www.googleapis.com/auth/youtube.force-ssl',
    );
  });

  it('should keep the alias when an account is connected again, in the same row', async () => {
    await connect(t, a.apiKey, 'x');
    await request(t.http)
      .patch('/v1/integrations/x/2244994945')
      .set('soku-api-key', a.apiKey)
      .send({ accountId: 'x_main' })
      .expect(200);
    const { accounts } = await connect(t, a.apiKey, 'x');
    expect(accounts[0].accountId).toBe('x_main');
    const rows = await t.dataSource.query('SELECT * FROM integrations');
    expect(rows).toHaveLength(1);
  });

  it('should answer 400 platform_not_configured for a platform without an OAuth app', async () => {
    const res = await request(t.http)
      .post('/v1/integrations/snapchat/connect')
      .set('soku-api-key', a.apiKey);
    expectEnvelope(res, 400, 'platform_not_configured');
    expect(res.body.error.message).toBe(
      'snapchat is not configured on this server: set SOKU_SNAPCHAT_CLIENT_ID and SOKU_SNAPCHAT_CLIENT_SECRET',
    );
  });

  it('should answer 400 for an unknown platform, and accept the facebook_pages alias', async () => {
    const res = await request(t.http)
      .post('/v1/integrations/myspace/connect')
      .set('soku-api-key', a.apiKey);
    expectEnvelope(res, 400, 'validation_error');
    expect(res.body.error.details[0]).toEqual(
      expect.objectContaining({ field: 'params.platform', received: 'myspace' }),
    );
    const alias = await request(t.http)
      .post('/v1/integrations/facebook_pages/connect')
      .set('soku-api-key', a.apiKey)
      .expect(201);
    expect(alias.body.authorizationUrl).toContain('/v23.0/dialog/oauth');
  });

  it('should require an API key to start a connect', async () => {
    expectEnvelope(await request(t.http).post('/v1/integrations/x/connect'), 401, 'unauthorized');
  });

  it('should answer 502 with the platform text when the platform refuses the app', async () => {
    const { callbackPath } = await authorizeAtPlatform(t, a.apiKey, 'x');
    fake.failNextToken = {
      status: 401,
      body: { error: 'invalid_client', error_description: 'Client authentication failed' },
    };
    const res = await request(t.http).get(callbackPath).set('Accept', 'application/json');
    expectEnvelope(res, 502, 'platform_error');
    expect(res.body.error.message).toBe('x answered: invalid_client: Client authentication failed');
  });
});

describe('OAuth callback with SOKU_INTEGRATIONS_REDIRECT_URL', () => {
  let fake: FakeOAuthPlatform;
  let t: TestApp;

  beforeAll(async () => {
    fake = await new FakeOAuthPlatform().start();
    t = await createTestApp({
      env: {
        ...INTEGRATIONS_TEST_ENV,
        ...fake.env('x'),
        SOKU_INTEGRATIONS_REDIRECT_URL: 'https://app.example.com/integrations/done',
      },
    });
  });
  afterAll(async () => {
    await t.close();
    await fake.stop();
  });

  it('should redirect with the outcome, for success and failure', async () => {
    const user = await createUser(t);
    const { callbackPath } = await authorizeAtPlatform(t, user.apiKey, 'x');
    const ok = await request(t.http).get(callbackPath).expect(302);
    expect(ok.headers.location).toBe(
      'https://app.example.com/integrations/done?status=connected&platform=x&accounts=2244994945',
    );
    const replay = await request(t.http).get(callbackPath).expect(302);
    const failed = new URL(replay.headers.location);
    expect(failed.searchParams.get('status')).toBe('error');
    expect(failed.searchParams.get('error')).toBe('invalid_oauth_state');
  });
});
