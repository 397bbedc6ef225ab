import { OAuthRequestError } from '../oauth-http';
import type { OAuthProvider } from '../oauth-provider';
import { bearer, idAt, listAt, objectAt, textOrNull } from './response-fields';

/** Google OAuth 2 with PKCE; `access_type=offline` + `prompt=consent` so a refresh token is issued. */
export const youtubeProvider: OAuthProvider = {
  platform: 'youtube',
  defaultBases: {
    auth: 'https://accounts.google.com',
    token: 'https://oauth2.googleapis.com',
  },
  scopes: [
    'https://www.googleapis.com/auth/youtube.upload',
    'https://www.googleapis.com/auth/youtube.readonly',
    // commentThreads.insert (first comments) needs it: https://developers.google.com/youtube/v3/docs/commentThreads/insert
    'https://www.googleapis.com/auth/youtube.force-ssl',
  ],
  scopeSeparator: ' ',
  pkce: true,
  authorizePath: '/o/oauth2/v2/auth',
  authorizeParams: { access_type: 'offline', prompt: 'consent', include_granted_scopes: 'true' },
  tokenPath: '/token',
  clientAuth: 'body',
  renewal: 'refresh_token',
  async readAccounts(ctx, tokens) {
    const body = await ctx.http.request({
      method: 'GET',
      url: `${ctx.bases.api}/youtube/v3/channels`,
      query: { part: 'snippet', mine: 'true' },
      headers: bearer(tokens.accessToken),
    });
    const channels = body.items === undefined ? [] : listAt(body.items, 'channel');
    if (channels.length === 0) {
      throw new OAuthRequestError(
        'rejected',
        'youtubeSignupRequired: this Google account has no YouTube channel',
      );
    }
    return channels.map((channel) => {
      const id = idAt(channel.id, 'channel id');
      const snippet = objectAt(channel.snippet ?? {}, 'snippet');
      return {
        platformAccountId: id,
        displayName: textOrNull(snippet.title),
        handle: textOrNull(snippet.customUrl),
        metadata: { channelId: id },
      };
    });
  },
};
