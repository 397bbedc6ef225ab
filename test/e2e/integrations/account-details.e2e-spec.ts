import request from 'supertest';
import { FakeOAuthPlatform } from '../../fakes/oauth-platform';
import { createUser, type TestUser } from '../../utils/identity';
import { createTestApp, type TestApp } from '../../utils/test-app';
import {
  authorizeAtPlatform,
  connect,
  INTEGRATIONS_TEST_ENV,
  platformEnv,
} from './integrations-support';

const CONFIGURED = ['facebook', 'instagram', 'threads', 'tiktok', 'linkedin'];

describe('Account details read from the platform, as its documentation grants them', () => {
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
    a = await createUser(t);
  });
  afterAll(async () => {
    await t.close();
    await fake.stop();
  });

  const listed = async () =>
    (await request(t.http).get('/v1/integrations').set('soku-api-key', a.apiKey).expect(200)).body
      .integrations as { accountId: string; handle: string | null }[];

  it('should ask TikTok for user.info.profile, the scope username needs', async () => {
    const { authorizationUrl } = await authorizeAtPlatform(t, a.apiKey, 'tiktok');
    expect(authorizationUrl.searchParams.get('scope')!.split(',')).toEqual(
      expect.arrayContaining(['user.info.basic', 'user.info.profile']),
    );
  });

  it('should read the TikTok username when user.info.profile is granted', async () => {
    fake.grantedScope = 'user.info.basic,user.info.profile,video.publish,video.upload';
    await connect(t, a.apiKey, 'tiktok');
    expect(await listed()).toEqual([expect.objectContaining({ handle: 'ttcreator' })]);
  });

  it('should connect TikTok without a username when the user declines user.info.profile', async () => {
    fake.grantedScope = 'user.info.basic,video.publish,video.upload';
    await connect(t, a.apiKey, 'tiktok');
    expect(await listed()).toEqual([
      expect.objectContaining({ accountId: 'tt-open-1', handle: null }),
    ]);
  });
});

describe('LinkedIn organizations, with the scopes the documentation names', () => {
  let fake: FakeOAuthPlatform;
  let t: TestApp;
  let a: TestUser;

  beforeAll(async () => {
    fake = await new FakeOAuthPlatform().start();
    t = await createTestApp({
      env: {
        ...INTEGRATIONS_TEST_ENV,
        ...platformEnv(fake, ['linkedin']),
        SOKU_LINKEDIN_SCOPES: 'openid profile w_member_social w_organization_social',
      },
    });
    a = await createUser(t);
  });
  afterAll(async () => {
    await t.close();
    await fake.stop();
  });

  it('should ask for r_organization_admin with w_organization_social', async () => {
    const { authorizationUrl } = await authorizeAtPlatform(t, a.apiKey, 'linkedin');
    expect(authorizationUrl.searchParams.get('scope')).toBe(
      'openid profile w_member_social w_organization_social r_organization_admin',
    );
  });

  it('should store the administered organizations when the org-admin scope is granted', async () => {
    fake.grantedScope = 'openid profile w_member_social w_organization_social r_organization_admin';
    const { accounts } = await connect(t, a.apiKey, 'linkedin');
    expect(accounts.map((account) => account.accountId)).toEqual([
      'li-sub-1',
      'urn:li:organization:5515715',
    ]);
  });

  it('should connect the member alone, not fail, when the org-admin scope was not granted', async () => {
    fake.grantedScope = 'openid profile w_member_social w_organization_social';
    const { accounts } = await connect(t, a.apiKey, 'linkedin');
    expect(accounts.map((account) => account.accountId)).toEqual(['li-sub-1']);
  });
});
