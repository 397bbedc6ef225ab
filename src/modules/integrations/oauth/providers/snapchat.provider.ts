import type { OAuthProvider } from '../oauth-provider';
import { bearer, idAt, objectAt, textOrNull } from './response-fields';

/** Snap Business (Marketing API) OAuth; short-lived access tokens, long-lived refresh tokens. */
export const snapchatProvider: OAuthProvider = {
  platform: 'snapchat',
  defaultBases: {
    auth: 'https://accounts.snapchat.com',
    token: 'https://accounts.snapchat.com',
    api: 'https://adsapi.snapchat.com',
  },
  scopes: ['snapchat-marketing-api'],
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
    const id = idAt(me.id, 'user id');
    return [
      {
        platformAccountId: id,
        displayName: textOrNull(me.display_name),
        handle: null,
        metadata: { snapUserId: id, organizationId: textOrNull(me.organization_id) },
      },
    ];
  },
};
