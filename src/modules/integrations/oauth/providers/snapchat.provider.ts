import { OAuthRequestError } from '../oauth-http';
import type { OAuthProvider } from '../oauth-provider';
import { bearer, idAt, listAt, objectAt, textOrNull } from './response-fields';

/**
 * Snap's OAuth for the Public Profile API (allow-listed apps only): short-lived access tokens,
 * long-lived refresh tokens. One account per Public Profile of the member's organization.
 */
export const snapchatProvider: OAuthProvider = {
  platform: 'snapchat',
  defaultBases: {
    auth: 'https://accounts.snapchat.com',
    token: 'https://accounts.snapchat.com',
  },
  scopes: ['snapchat-marketing-api', 'snapchat-profile-api'],
  scopeSeparator: ' ',
  pkce: false,
  authorizePath: '/login/oauth2/authorize',
  tokenPath: '/login/oauth2/access_token',
  clientAuth: 'body',
  renewal: 'refresh_token',
  async readAccounts(ctx, tokens) {
    const body = await ctx.http.request({
      method: 'GET',
      url: `${ctx.bases.api}/v1/me`,
      headers: bearer(tokens.accessToken),
    });
    const me = objectAt(body.me, 'me');
    const userId = idAt(me.id, 'user id');
    const organizationId = idAt(me.organization_id, 'organization id');
    const listed = await ctx.http.request({
      method: 'GET',
      url: `${ctx.bases.api}/v1/organizations/${encodeURIComponent(organizationId)}/public_profiles`,
      headers: bearer(tokens.accessToken),
    });
    const profiles = listAt(listed.public_profiles ?? [], 'public profile').map((entry) =>
      objectAt(entry.public_profile, 'public profile'),
    );
    if (profiles.length === 0) {
      throw new OAuthRequestError(
        'rejected',
        'This Snapchat login manages no Public Profile: only Public Profiles can publish',
      );
    }
    return profiles.map((profile) => {
      const profileId = idAt(profile.id, 'public profile id');
      return {
        platformAccountId: profileId,
        displayName: textOrNull(profile.display_name),
        handle: textOrNull(profile.snap_user_name),
        metadata: { profileId, snapUserId: userId, organizationId },
      };
    });
  },
};
