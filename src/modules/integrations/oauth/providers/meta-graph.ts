import type { OAuthContext, OAuthProvider, TokenSet } from '../oauth-provider';
import { parseTokenResponse } from '../oauth2';

/**
 * What Facebook Pages and Instagram share: the login dialog, Meta's GET token exchanges, and
 * Page tokens that do not expire (a dead one needs the user).
 */
export const FACEBOOK_LOGIN = {
  defaultBases: {
    auth: 'https://www.facebook.com',
    token: 'https://graph.facebook.com',
  },
  scopeSeparator: ',',
  pkce: false,
  authorizePath: '/{graphVersion}/dialog/oauth',
  tokenPath: '/{graphVersion}/oauth/access_token',
  clientAuth: 'body',
  renewal: 'none',
  exchangeCode: (ctx, code) => exchangeFacebookCode(ctx, code),
} satisfies Partial<OAuthProvider>;

/** Code → short-lived user token → long-lived (60-day) user token; both are GETs on Meta. */
export async function exchangeFacebookCode(ctx: OAuthContext, code: string): Promise<TokenSet> {
  const url = `${ctx.bases.token}/${ctx.graphVersion}/oauth/access_token`;
  const app = { client_id: ctx.clientId, client_secret: ctx.clientSecret };
  const short = parseTokenResponse(
    await ctx.http.request({
      method: 'GET',
      url,
      query: { ...app, redirect_uri: ctx.redirectUri, code },
    }),
  );
  return parseTokenResponse(
    await ctx.http.request({
      method: 'GET',
      url,
      query: { ...app, grant_type: 'fb_exchange_token', fb_exchange_token: short.accessToken },
    }),
  );
}

export function pageToken(page: Record<string, unknown>): TokenSet | undefined {
  return typeof page.access_token === 'string' && page.access_token !== ''
    ? { accessToken: page.access_token, extras: {} }
    : undefined;
}
