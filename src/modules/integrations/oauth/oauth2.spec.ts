import { OAuthRequestError } from './oauth-http';
import { authorizationUrl, parseTokenResponse } from './oauth2';
import { OAUTH_PROVIDERS } from './providers';

const ctx = {
  bases: { auth: 'http://127.0.0.1:1', token: 'http://127.0.0.1:1', api: 'http://127.0.0.1:1' },
  clientId: 'cid',
  redirectUri: 'http://localhost:3000/v1/integrations/x/callback',
  graphVersion: 'v23.0',
};

describe('authorizationUrl', () => {
  it('should carry the client, redirect, scopes, state and the S256 challenge', () => {
    const url = new URL(authorizationUrl(OAUTH_PROVIDERS.x, ctx, 'st', 'ch'));
    expect(url.pathname).toBe('/i/oauth2/authorize');
    expect(Object.fromEntries(url.searchParams)).toEqual({
      client_id: 'cid',
      response_type: 'code',
      redirect_uri: ctx.redirectUri,
      scope: 'tweet.read tweet.write users.read media.write offline.access',
      state: 'st',
      code_challenge: 'ch',
      code_challenge_method: 'S256',
    });
  });

  it("should use each platform's client parameter and scope separator", () => {
    const url = new URL(authorizationUrl(OAUTH_PROVIDERS.tiktok, ctx, 'st', null));
    expect(url.searchParams.get('client_key')).toBe('cid');
    expect(url.searchParams.get('client_id')).toBeNull();
    expect(url.searchParams.get('scope')).toBe(
      'user.info.basic,user.info.profile,video.publish,video.upload',
    );
    expect(url.searchParams.get('code_challenge')).toBeNull();
  });
});

describe('parseTokenResponse', () => {
  it('should read the tokens, expiry and scopes and keep no token among the extras', () => {
    const before = Date.now();
    const set = parseTokenResponse({
      access_token: 'a',
      refresh_token: 'r',
      expires_in: 7200,
      scope: 'one two',
      open_id: 'o',
      id_token: 'secret',
    });
    expect(set.accessToken).toBe('a');
    expect(set.refreshToken).toBe('r');
    expect(set.expiresAt!.getTime()).toBeGreaterThanOrEqual(before + 7_200_000);
    expect(set.scopes).toEqual(['one', 'two']);
    expect(set.extras).toEqual({ open_id: 'o' });
  });

  it('should treat an empty refresh token as none', () => {
    expect(
      parseTokenResponse({ access_token: 'a', refresh_token: '' }).refreshToken,
    ).toBeUndefined();
  });

  it('should refuse a response without an access token', () => {
    expect(() => parseTokenResponse({ token_type: 'bearer' })).toThrow(OAuthRequestError);
  });
});
