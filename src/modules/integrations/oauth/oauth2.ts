import { OAuthRequestError } from './oauth-http';
import type { OAuthContext, OAuthProvider, TokenSet } from './oauth-provider';

/** The generic OAuth 2 steps (RFC 6749 + RFC 7636); providers override the ones they do differently. */

export function authorizationUrl(
  provider: OAuthProvider,
  ctx: Pick<OAuthContext, 'bases' | 'clientId' | 'redirectUri' | 'graphVersion' | 'scopes'>,
  state: string,
  codeChallenge: string | null,
): string {
  const url = new URL(`${ctx.bases.auth}${withGraphVersion(provider.authorizePath, ctx)}`);
  const params: Record<string, string> = {
    [provider.clientIdParam ?? 'client_id']: ctx.clientId,
    response_type: 'code',
    redirect_uri: ctx.redirectUri,
    scope: askedScopes(provider, ctx).join(provider.scopeSeparator),
    state,
    ...provider.authorizeParams,
    ...(codeChallenge ? { code_challenge: codeChallenge, code_challenge_method: 'S256' } : {}),
  };
  for (const [name, value] of Object.entries(params)) {
    url.searchParams.set(name, value);
  }
  return url.toString();
}

function askedScopes(
  provider: OAuthProvider,
  ctx: Pick<OAuthContext, 'scopes'>,
): readonly string[] {
  const configured = ctx.scopes ?? provider.scopes;
  return provider.completeScopes ? provider.completeScopes(configured) : configured;
}

export function exchangeCode(
  provider: OAuthProvider,
  ctx: OAuthContext,
  code: string,
  codeVerifier: string | null,
): Promise<TokenSet> {
  if (provider.exchangeCode) {
    return provider.exchangeCode(ctx, code, codeVerifier);
  }
  return tokenRequest(provider, ctx, {
    grant_type: 'authorization_code',
    code,
    redirect_uri: ctx.redirectUri,
    ...(codeVerifier ? { code_verifier: codeVerifier } : {}),
  });
}

/** A new access token without the user; providers with `renewal: 'none'` never get here. */
export function renewTokens(
  provider: OAuthProvider,
  ctx: OAuthContext,
  current: { accessToken: string; refreshToken: string | null },
): Promise<TokenSet> {
  if (provider.renew) {
    return provider.renew(ctx, current);
  }
  if (!current.refreshToken) {
    throw new OAuthRequestError('invalid_grant', 'No refresh token is stored for this account');
  }
  return tokenRequest(provider, ctx, {
    grant_type: 'refresh_token',
    refresh_token: current.refreshToken,
  });
}

/** POST to the token endpoint with the client authenticated the provider's way. */
export async function tokenRequest(
  provider: OAuthProvider,
  ctx: OAuthContext,
  params: Record<string, string>,
): Promise<TokenSet> {
  const idParam = provider.clientIdParam ?? 'client_id';
  const basic = provider.clientAuth === 'basic';
  const body = await ctx.http.request({
    method: 'POST',
    url: `${ctx.bases.token}${withGraphVersion(provider.tokenPath, ctx)}`,
    form: basic
      ? { ...params, [idParam]: ctx.clientId }
      : { ...params, [idParam]: ctx.clientId, client_secret: ctx.clientSecret },
    headers: basic
      ? {
          Authorization: `Basic ${Buffer.from(`${encodeURIComponent(ctx.clientId)}:${encodeURIComponent(ctx.clientSecret)}`).toString('base64')}`,
        }
      : {},
  });
  return parseTokenResponse(body);
}

/** Reads a token response; the platform's other fields are kept minus every token. */
export function parseTokenResponse(body: Record<string, unknown>): TokenSet {
  const { access_token, refresh_token, expires_in, scope, ...extras } = body;
  if (typeof access_token !== 'string' || access_token === '') {
    throw new OAuthRequestError('rejected', 'The token response had no access_token');
  }
  const seconds = typeof expires_in === 'string' ? Number(expires_in) : expires_in;
  return {
    accessToken: access_token,
    refreshToken:
      typeof refresh_token === 'string' && refresh_token !== '' ? refresh_token : undefined,
    expiresAt:
      typeof seconds === 'number' && Number.isFinite(seconds) && seconds > 0
        ? new Date(Date.now() + seconds * 1000)
        : undefined,
    scopes: typeof scope === 'string' ? scope.split(/[\s,]+/).filter(Boolean) : undefined,
    extras: Object.fromEntries(Object.entries(extras).filter(([name]) => !/token/i.test(name))),
  };
}

function withGraphVersion(path: string, ctx: Pick<OAuthContext, 'graphVersion'>): string {
  return path.replace('{graphVersion}', ctx.graphVersion);
}
