import type { OAuthProvider } from '../oauth-provider';
import { bearer, idAt, textOrNull } from './response-fields';

/**
 * LinkedIn member posting. Tokens last 60 days; only approved partners get refresh tokens, so
 * the others must reconnect (the refresh job marks them when they expire).
 */
export const linkedinProvider: OAuthProvider = {
  platform: 'linkedin',
  defaultBases: {
    auth: 'https://www.linkedin.com',
    token: 'https://www.linkedin.com',
    api: 'https://api.linkedin.com',
  },
  scopes: ['openid', 'profile', 'w_member_social'],
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
    return [
      {
        platformAccountId: sub,
        displayName: textOrNull(me.name),
        handle: null,
        metadata: { personUrn: `urn:li:person:${sub}` },
      },
    ];
  },
};
