import request from 'supertest';
import { defaultScope } from '../../../src/common/auth/route-auth';
import { TokenRefreshFailedError } from '../../../src/modules/integrations/integrations.errors';
import { IntegrationsService } from '../../../src/modules/integrations/integrations.service';
import { TokenRefresher } from '../../../src/modules/integrations/token-refresher';
import { TokenVault } from '../../../src/infra/vault/token-vault';
import { FakeOAuthPlatform } from '../../fakes/oauth-platform';
import { createUser, type TestUser } from '../../utils/identity';
import { createTestApp, type TestApp } from '../../utils/test-app';
import { connect, INTEGRATIONS_TEST_ENV, platformEnv } from './integrations-support';

describe('token refresh', () => {
  let fake: FakeOAuthPlatform;
  let t: TestApp;
  let a: TestUser;
  let integrations: IntegrationsService;
  let refresher: TokenRefresher;
  let vault: TokenVault;
  let id: string;

  beforeAll(async () => {
    fake = await new FakeOAuthPlatform().start();
    t = await createTestApp({
      env: { ...INTEGRATIONS_TEST_ENV, ...platformEnv(fake, ['x', 'threads', 'linkedin']) },
    });
    integrations = t.app.get(IntegrationsService);
    refresher = t.app.get(TokenRefresher);
    vault = t.app.get(TokenVault);
  });
  beforeEach(async () => {
    await t.reset();
    fake.refreshTokenOnRefresh = 'rotate';
    fake.tokenDelayMs = 0;
    a = await createUser(t);
    id = (await connect(t, a.apiKey, 'x')).accounts[0].id;
    fake.tokenCalls = [];
  });
  afterAll(async () => {
    await t.close();
    await fake.stop();
  });

  const row = async () =>
    (await t.dataSource.query('SELECT * FROM integrations WHERE id = $1', [id]))[0];
  const storedRefreshToken = async () => {
    const r = await row();
    return vault.decrypt(r.refresh_token, `${r.id}:refresh`);
  };
  /** Pretends the last refresh is long past, so a reactive refresh calls the platform again. */
  const ageLastRefresh = () =>
    t.dataSource.query(
      `UPDATE integrations SET token_refreshed_at = now() - interval '1 hour' WHERE id = $1`,
      [id],
    );
  const expireSoon = () =>
    t.dataSource.query(
      `UPDATE integrations SET expires_at = now() + interval '1 minute' WHERE id = $1`,
      [id],
    );
  const refreshCalls = () =>
    fake.tokenCalls.filter((call) => call.params.grant_type === 'refresh_token');

  it('should persist the rotated refresh token with the new access token', async () => {
    const before = await storedRefreshToken();
    const oldAccess = (await integrations.getPublishCredentials(a.userId, id)).accessToken;
    await expect(integrations.refreshAfterAuthError(a.userId, id)).resolves.toBe('refreshed');
    const rotated = await storedRefreshToken();
    expect(rotated).not.toBe(before);
    expect(refreshCalls()[0].params.refresh_token).toBe(before);
    const newAccess = (await integrations.getPublishCredentials(a.userId, id)).accessToken;
    expect(newAccess).not.toBe(oldAccess);
    expect(fake.isLiveAccessToken(newAccess!)).toBe(true);

    // The old refresh token is spent at the platform: only the persisted one works now.
    await ageLastRefresh();
    await expect(integrations.refreshAfterAuthError(a.userId, id)).resolves.toBe('refreshed');
    expect(refreshCalls()[1].params.refresh_token).toBe(rotated);
    expect((await row()).status).toBe('connected');
  });

  it.each(['omit', 'empty'] as const)(
    'should keep the stored refresh token when the response has it %s',
    async (mode) => {
      fake.refreshTokenOnRefresh = mode;
      const before = await storedRefreshToken();
      await expect(integrations.refreshAfterAuthError(a.userId, id)).resolves.toBe('refreshed');
      expect(await storedRefreshToken()).toBe(before);
    },
  );

  it('should make one token-endpoint call for two concurrent reactive refreshes', async () => {
    fake.tokenDelayMs = 150;
    const results = await Promise.all([
      integrations.refreshAfterAuthError(a.userId, id),
      integrations.refreshAfterAuthError(a.userId, id),
      integrations.refreshAfterAuthError(a.userId, id),
    ]);
    expect(results).toEqual(['refreshed', 'refreshed', 'refreshed']);
    expect(refreshCalls()).toHaveLength(1);
  });

  it('should make one token-endpoint call for two concurrent proactive refreshes', async () => {
    await expireSoon();
    fake.tokenDelayMs = 150;
    const outcomes = await Promise.all([
      refresher.refresh(a.userId, id, 'proactive'),
      refresher.refresh(a.userId, id, 'proactive'),
    ]);
    expect(outcomes.map((o) => o.result).sort()).toEqual(['refreshed', 'skipped']);
    expect(refreshCalls()).toHaveLength(1);
  });

  it("should mark needs_reauth on invalid_grant and keep the platform's words", async () => {
    fake.failNextToken = {
      status: 400,
      body: { error: 'invalid_grant', error_description: 'Token has been expired or revoked.' },
    };
    await expect(integrations.refreshAfterAuthError(a.userId, id)).resolves.toBe('needs_reauth');
    const list = await request(t.http)
      .get('/v1/integrations')
      .set('soku-api-key', a.apiKey)
      .expect(200);
    expect(list.body.integrations[0]).toEqual(
      expect.objectContaining({
        status: 'needs_reauth',
        lastError: 'invalid_grant: Token has been expired or revoked.',
      }),
    );
    // A dead account is not refreshed again until the user reconnects.
    await expect(integrations.refreshAfterAuthError(a.userId, id)).resolves.toBe('needs_reauth');
    expect(refreshCalls()).toHaveLength(1);
    expect(await integrations.listAccounts(defaultScope(a.userId))).toEqual([
      expect.objectContaining({ status: 'needs_reauth' }),
    ]);
  });

  it('should leave the account connected on a 503 and say the refresh failed for now', async () => {
    const before = await storedRefreshToken();
    fake.failNextToken = { status: 503, body: { error: 'temporarily_unavailable' } };
    await expect(integrations.refreshAfterAuthError(a.userId, id)).rejects.toBeInstanceOf(
      TokenRefreshFailedError,
    );
    const r = await row();
    expect(r.status).toBe('connected');
    expect(r.last_error).toBe('temporarily_unavailable');
    expect(await storedRefreshToken()).toBe(before);
    // And it works on the next try.
    await expect(integrations.refreshAfterAuthError(a.userId, id)).resolves.toBe('refreshed');
    expect((await row()).last_error).toBeNull();
  });

  it('should leave the account connected on a 429 in the proactive pass', async () => {
    await expireSoon();
    fake.failNextToken = { status: 429, body: { title: 'Too Many Requests' } };
    expect((await refresher.refreshDue()).failed).toBe(1);
    expect((await row()).status).toBe('connected');
  });

  it('should renew tokens about to expire in the proactive pass, and leave fresh ones alone', async () => {
    expect(await refresher.refreshDue()).toEqual({
      refreshed: 0,
      needsReauth: 0,
      failed: 0,
      expired: 0,
    });
    await expireSoon();
    expect(await refresher.refreshDue()).toEqual({
      refreshed: 1,
      needsReauth: 0,
      failed: 0,
      expired: 0,
    });
    expect(new Date((await row()).expires_at).getTime()).toBeGreaterThan(Date.now() + 3600_000);
  });

  it('should renew a Threads token by exchanging the current access token', async () => {
    const threads = (await connect(t, a.apiKey, 'threads')).accounts[0].id;
    await t.dataSource.query(
      `UPDATE integrations SET expires_at = now() + interval '1 minute' WHERE id = $1`,
      [threads],
    );
    fake.tokenCalls = [];
    await refresher.refreshDue();
    expect(fake.tokenCalls.map((call) => call.path)).toEqual(['/refresh_access_token']);
    expect(fake.tokenCalls[0].params.grant_type).toBe('th_refresh_token');
  });

  /** A LinkedIn account whose access token expired, without a refresh token: nothing renews it. */
  const addExpiredLinkedin = (platformAccountId: string) =>
    integrations.addAccount(defaultScope(a.userId), {
      platform: 'linkedin',
      platformAccountId,
      displayName: null,
      handle: null,
      sandbox: false,
      scopes: [],
      metadata: {},
      tokens: { accessToken: 'li-access', expiresAt: new Date(Date.now() - 1000) },
    });

  it('should flag an expired token nothing can renew as needs_reauth', async () => {
    const linkedin = await addExpiredLinkedin('li-1');
    expect((await refresher.refreshDue()).expired).toBe(1);
    const [account] = await integrations.listAccounts(defaultScope(a.userId), ['linkedin']);
    expect(account).toEqual(expect.objectContaining({ id: linkedin.id, status: 'needs_reauth' }));
  });

  it('should write the needs_reauth event of an expired token, the row as it now reads', async () => {
    const linkedin = await addExpiredLinkedin('li-2');
    await refresher.refreshDue();
    const [row]: { last_error: string; at: string }[] = await t.dataSource.query(
      `SELECT last_error, to_char(last_error_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS at
         FROM integrations WHERE id = $1`,
      [linkedin.id],
    );
    const events = await t.dataSource.query(`SELECT type, data FROM events WHERE user_id = $1`, [
      a.userId,
    ]);
    expect(events).toEqual([
      {
        type: 'integration.needs_reauth',
        data: {
          id: linkedin.id,
          platform: 'linkedin',
          accountId: linkedin.accountId,
          status: 'needs_reauth',
          lastError: row.last_error,
          lastErrorAt: row.at,
        },
      },
    ]);
  });

  it('should answer 404 for another user, a disconnected account or a malformed id', async () => {
    const b = await createUser(t);
    await expect(integrations.refreshAfterAuthError(b.userId, id)).rejects.toMatchObject({
      status: 404,
    });
    await expect(integrations.getPublishCredentials(b.userId, id)).rejects.toMatchObject({
      status: 404,
    });
    await expect(integrations.getPublishCredentials(a.userId, 'not-a-uuid')).rejects.toMatchObject({
      status: 404,
    });
    await request(t.http)
      .delete('/v1/integrations/x/2244994945')
      .set('soku-api-key', a.apiKey)
      .expect(200);
    await expect(integrations.refreshAfterAuthError(a.userId, id)).rejects.toMatchObject({
      status: 404,
    });
    expect(refreshCalls()).toHaveLength(0);
  });
});
