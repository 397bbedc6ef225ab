import type { OAuthContext, OAuthProvider, ProviderAccount, TokenSet } from '../oauth-provider';
import { bearer, idAt, listAt, objectAt, textOrNull } from './response-fields';

const ORGANIZATION_POSTING = 'w_organization_social';
/**
 * Listing the organizations a member administers (`/rest/organizationAcls?q=roleAssignee`) needs
 * one of these (https://learn.microsoft.com/en-us/linkedin/marketing/community-management/organizations/organization-access-control-by-role,
 * "Permissions"); without it the organizations to post as cannot be found, so it is asked for with
 * the posting scope.
 */
const ORGANIZATION_ADMIN = ['rw_organization_admin', 'r_organization_admin'];

/**
 * LinkedIn member posting, plus the organization pages the member administers when the app has
 * the Community Management scopes and asks for them (`SOKU_LINKEDIN_SCOPES=openid profile
 * w_member_social w_organization_social r_organization_social`; r_organization_admin is added).
 * Tokens last 60 days; only approved partners get refresh tokens, so the others must reconnect
 * (the refresh job marks them when they expire).
 */
export const linkedinProvider: OAuthProvider = {
  platform: 'linkedin',
  defaultBases: {
    auth: 'https://www.linkedin.com',
    token: 'https://www.linkedin.com',
  },
  scopes: ['openid', 'profile', 'w_member_social'],
  completeScopes: (asked) =>
    asked.includes(ORGANIZATION_POSTING) &&
    !asked.some((scope) => ORGANIZATION_ADMIN.includes(scope))
      ? [...asked, 'r_organization_admin']
      : asked,
  scopeSeparator: ' ',
  pkce: false,
  authorizePath: '/oauth/v2/authorization',
  tokenPath: '/oauth/v2/accessToken',
  clientAuth: 'body',
  renewal: 'refresh_token',
  async readAccounts(ctx, tokens) {
    const me = await ctx.http.request({
      method: 'GET',
      url: `${ctx.bases.api}/v2/userinfo`,
      headers: bearer(tokens.accessToken),
    });
    const sub = idAt(me.sub, 'member id (sub)');
    const personUrn = `urn:li:person:${sub}`;
    const member: ProviderAccount = {
      platformAccountId: sub,
      displayName: textOrNull(me.name),
      handle: null,
      metadata: { personUrn },
    };
    const granted = tokens.scopes ?? ctx.scopes ?? [];
    const canPostAsPages =
      granted.includes(ORGANIZATION_POSTING) &&
      granted.some((scope) => ORGANIZATION_ADMIN.includes(scope));
    return canPostAsPages
      ? [member, ...(await administeredPages(ctx, tokens, personUrn))]
      : [member];
  },
};

/** Organizations where the member is an approved ADMINISTRATOR: each becomes an account. */
async function administeredPages(
  ctx: OAuthContext,
  tokens: TokenSet,
  personUrn: string,
): Promise<ProviderAccount[]> {
  const body = await ctx.http.request({
    method: 'GET',
    url: `${ctx.bases.api}/rest/organizationAcls`,
    query: { q: 'roleAssignee', role: 'ADMINISTRATOR', state: 'APPROVED' },
    headers: {
      ...bearer(tokens.accessToken),
      'LinkedIn-Version': ctx.linkedinVersion,
      'X-Restli-Protocol-Version': '2.0.0',
    },
  });
  return listAt(body.elements ?? [], 'organization role').map((acl) => {
    const organizationUrn = idAt(objectAt(acl, 'organization role').organization, 'organization');
    return {
      platformAccountId: organizationUrn,
      displayName: null,
      handle: null,
      metadata: { personUrn, organizationUrn },
    };
  });
}
