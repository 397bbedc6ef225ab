import type { OAuthProvider } from '../oauth-provider';
import { parseTokenResponse, tokenRequest } from '../oauth2';
import { idAt, textOrNull } from './response-fields';

/**
 * Threads: code → short-lived token (POST) → 60-day token (th_exchange_token); renewed by
 * exchanging the current, unexpired token (th_refresh_token). No refresh token exists.
 */
export const threadsProvider: OAuthProvider = {
  platform: 'threads',
  defaultBases: {
    auth: 'https://threads.net',
    token: 'https://graph.threads.net',
  },
  // Thread parts and first comments are replies: POST needs threads_manage_replies, the look-up
  // after a lost answer threads_read_replies (Threads "Retrieve and Manage Replies", Permissions).
  scopes: [
    'threads_basic',
    'threads_content_publish',
    'threads_manage_replies',
    'threads_read_replies',
  ],
  scopeSeparator: ',',
  pkce: false,
  authorizePath: '/oauth/authorize',
  tokenPath: '/oauth/access_token',
  clientAuth: 'body',
  renewal: 'access_token',
  async exchangeCode(ctx, code) {
    const short = await tokenRequest(this, ctx, {
      grant_type: 'authorization_code',
      code,
      redirect_uri: ctx.redirectUri,
    });
    const long = parseTokenResponse(
      await ctx.http.request({
        method: 'GET',
        url: `${ctx.bases.token}/access_token`,
        query: {
          grant_type: 'th_exchange_token',
          client_secret: ctx.clientSecret,
          access_token: short.accessToken,
        },
      }),
    );
    return {
      ...long,
      scopes: long.scopes ?? short.scopes,
      extras: { ...short.extras, ...long.extras },
    };
  },
  async renew(ctx, current) {
    return parseTokenResponse(
      await ctx.http.request({
        method: 'GET',
        url: `${ctx.bases.token}/refresh_access_token`,
        query: { grant_type: 'th_refresh_token', access_token: current.accessToken },
      }),
    );
  },
  async readAccounts(ctx, tokens) {
    const me = await ctx.http.request({
      method: 'GET',
      url: `${ctx.bases.api}/${ctx.threadsVersion}/me`,
      query: { fields: 'id,username,name', access_token: tokens.accessToken },
    });
    const id = idAt(me.id, 'Threads user id');
    return [
      {
        platformAccountId: id,
        displayName: textOrNull(me.name) ?? textOrNull(me.username),
        handle: textOrNull(me.username),
        metadata: { threadsUserId: id },
      },
    ];
  },
};
