import type { OAuthProvider } from '../oauth-provider';
import { bearer, idAt, objectAt, textOrNull } from './response-fields';

/** X API v2: authorization code + PKCE, confidential client (Basic), rotating refresh tokens. */
export const xProvider: OAuthProvider = {
  platform: 'x',
  defaultBases: { auth: 'https://x.com', token: 'https://api.x.com' },
  scopes: ['tweet.read', 'tweet.write', 'users.read', 'media.write', 'offline.access'],
  scopeSeparator: ' ',
  pkce: true,
  authorizePath: '/i/oauth2/authorize',
  tokenPath: '/2/oauth2/token',
  clientAuth: 'basic',
  renewal: 'refresh_token',
  async readAccounts(ctx, tokens) {
    const body = await ctx.http.request({
      method: 'GET',
      url: `${ctx.bases.api}/2/users/me`,
      query: { 'user.fields': 'username,name' },
      headers: bearer(tokens.accessToken),
    });
    const user = objectAt(body.data, 'user');
    const id = idAt(user.id, 'user id');
    return [
      {
        platformAccountId: id,
        displayName: textOrNull(user.name),
        handle: textOrNull(user.username),
        metadata: { userId: id, username: textOrNull(user.username) },
      },
    ];
  },
};
