import request from 'supertest';
import type { FakePage } from '../../fakes/oauth-meta-pages';
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

  describe('Meta Pages', () => {
    let defaultPages: FakePage[];
    beforeAll(() => {
      defaultPages = fake.meta.pages;
    });
    beforeEach(() => {
      fake.meta.pages = defaultPages;
      fake.meta.businesses = [];
      fake.meta.businessManagement = true;
      fake.meta.requests = [];
    });

    it('should follow /me/accounts paging to the last Page', async () => {
      fake.meta.pages = Array.from({ length: 60 }, (_, i) => ({
        id: String(5000 + i),
        name: `Page ${i}`,
      }));
      const { accounts } = await connect(t, a.apiKey, 'facebook');
      expect(accounts).toHaveLength(60);
      expect(new Set(accounts.map((account) => account.accountId)).size).toBe(60);
      const listings = fake.meta.requests.filter((r) => r.path.endsWith('/me/accounts'));
      expect(listings).toHaveLength(3);
      expect(listings[0].after).toBeNull();
    });

    it("should include the Pages of the user's businesses, owned and client, once each", async () => {
      fake.meta.businesses = [
        {
          id: 'biz-1',
          name: 'Agency',
          owned: [{ id: '3001', name: 'Owned Page' }, defaultPages[0]],
          client: [
            {
              id: '4001',
              name: 'Client Page',
              ig: { id: '17841000000000004', username: 'client.ig', name: 'Client IG' },
            },
            { id: '4002', name: 'No role here', withToken: false },
          ],
        },
      ];
      const facebook = await connect(t, a.apiKey, 'facebook');
      expect(facebook.accounts.map((account) => account.accountId)).toEqual([
        '1001',
        '1002',
        '3001',
        '4001',
      ]);
      const instagram = await connect(t, a.apiKey, 'instagram');
      expect(instagram.accounts.map((account) => account.accountId)).toEqual([
        '17841000000000001',
        '17841000000000004',
      ]);
    });

    it('should still connect the Pages of /me/accounts without business_management', async () => {
      fake.meta.businessManagement = false;
      const { accounts } = await connect(t, a.apiKey, 'facebook');
      expect(accounts.map((account) => account.accountId)).toEqual(['1001', '1002']);
    });
  });

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
