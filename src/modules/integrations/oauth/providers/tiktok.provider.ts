import { OAuthRequestError } from '../oauth-http';
import type { OAuthProvider } from '../oauth-provider';
import { bearer, idAt, objectAt, textOrNull } from './response-fields';

/**
 * `username` is readable only with user.info.profile, the rest of what we read with user.info.basic
 * (https://developers.tiktok.com/doc/tiktok-api-v2-get-user-info, "User Object").
 */
const PROFILE_SCOPE = 'user.info.profile';

/** TikTok Login Kit v2 (`client_key`); the refresh token may change on every refresh. */
export const tiktokProvider: OAuthProvider = {
  platform: 'tiktok',
  defaultBases: {
    auth: 'https://www.tiktok.com',
    token: 'https://open.tiktokapis.com',
  },
  scopes: ['user.info.basic', PROFILE_SCOPE, 'video.publish', 'video.upload'],
  scopeSeparator: ',',
  pkce: false,
  authorizePath: '/v2/auth/authorize/',
  clientIdParam: 'client_key',
  tokenPath: '/v2/oauth/token/',
  clientAuth: 'body',
  renewal: 'refresh_token',
  async readAccounts(ctx, tokens) {
    // The user may grant fewer scopes than asked; a field outside the grant fails the whole call.
    const canReadUsername = tokens.scopes?.includes(PROFILE_SCOPE) ?? false;
    const info = await ctx.http.request({
      method: 'GET',
      url: `${ctx.bases.api}/v2/user/info/`,
      query: {
        fields: `open_id,union_id,avatar_url,display_name${canReadUsername ? ',username' : ''}`,
      },
      headers: bearer(tokens.accessToken),
    });
    const user = objectAt(objectAt(info.data, 'data').user, 'user');
    const openId = idAt(user.open_id, 'open_id');
    return [
      {
        platformAccountId: openId,
        displayName: textOrNull(user.display_name),
        handle: textOrNull(user.username),
        metadata: {
          openId,
          creatorInfo: await readCreatorInfo(ctx.http, ctx.bases.api, tokens.accessToken),
        },
      },
    ];
  },
};

/**
 * Privacy options and limits the post form must offer (TikTok requires showing them). Absent when
 * the login lacks the posting scope: the account still connects.
 */
async function readCreatorInfo(
  http: Parameters<OAuthProvider['readAccounts']>[0]['http'],
  apiBase: string,
  accessToken: string,
): Promise<Record<string, unknown> | null> {
  try {
    const body = await http.request({
      method: 'POST',
      url: `${apiBase}/v2/post/publish/creator_info/query/`,
      json: {},
      headers: bearer(accessToken),
    });
    return objectAt(body.data, 'creator info');
  } catch (error) {
    if (error instanceof OAuthRequestError && error.kind !== 'transient') {
      return null;
    }
    throw error;
  }
}
