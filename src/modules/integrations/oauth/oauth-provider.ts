import type { Platform } from '../../../common/platforms';
import type { OAuthHttp } from './oauth-http';

export interface OAuthBases {
  /** Browser-facing authorize page. */
  auth: string;
  /** Token endpoint: code exchange and refresh. */
  token: string;
  /** The API the account details are read from. */
  api: string;
}

/** A platform's answer to a code exchange or a refresh. */
export interface TokenSet {
  accessToken: string;
  /** Absent when the platform sent none, or an empty one: the stored one then stays. */
  refreshToken?: string;
  expiresAt?: Date;
  scopes?: string[];
  /** The response's other fields (user_id, open_id, …), which some platforms identify the user by. */
  extras: Record<string, unknown>;
}

/** One account a login gives access to; a Meta login can give several. */
export interface ProviderAccount {
  platformAccountId: string;
  displayName: string | null;
  handle: string | null;
  metadata: Record<string, unknown>;
  /** Its own tokens (a Facebook Page's token); otherwise the login's. */
  tokens?: TokenSet;
}

/** Everything a provider needs for one call: where, as which app, and how. */
export interface OAuthContext {
  http: OAuthHttp;
  bases: OAuthBases;
  clientId: string;
  clientSecret: string;
  redirectUri: string;
  /** Meta's Graph API version (SOKU_META_GRAPH_VERSION), for `{graphVersion}` in paths. */
  graphVersion: string;
  /** The Threads API version (SOKU_THREADS_API_VERSION), as publishing uses it. */
  threadsVersion: string;
  /** The `LinkedIn-Version` header (SOKU_LINKEDIN_VERSION), as publishing sends it. */
  linkedinVersion: string;
  /** `SOKU_<PLATFORM>_SCOPES`, when set: asked for instead of the provider's scopes. */
  scopes?: readonly string[];
}

/**
 * One platform's OAuth 2 settings for the generic layer (`oauth2.ts`). Platforms that follow
 * RFC 6749 need only the data fields; the others override the step that differs.
 */
export interface OAuthProvider {
  platform: Platform;
  /** The API host is PLATFORM_API_HOSTS' (src/config), shared with the connectors. */
  defaultBases: Omit<OAuthBases, 'api'>;
  scopes: readonly string[];
  /** The scopes to ask for, given the configured ones: adds what another scope cannot work without. */
  completeScopes?(asked: readonly string[]): readonly string[];
  scopeSeparator: ' ' | ',';
  pkce: boolean;
  /** May contain `{graphVersion}` (Meta). */
  authorizePath: string;
  authorizeParams?: Record<string, string>;
  /** The name the platform gives the client id in requests (TikTok: `client_key`). */
  clientIdParam?: string;
  tokenPath: string;
  /** HTTP Basic (X) or client id and secret in the form body. */
  clientAuth: 'basic' | 'body';
  /**
   * How an access token is renewed without the user: the refresh_token grant, an exchange of the
   * current access token (Threads), or not at all (Meta Page tokens, LinkedIn for most apps).
   */
  renewal: 'refresh_token' | 'access_token' | 'none';
  exchangeCode?(ctx: OAuthContext, code: string, codeVerifier: string | null): Promise<TokenSet>;
  renew?(
    ctx: OAuthContext,
    current: { accessToken: string; refreshToken: string | null },
  ): Promise<TokenSet>;
  readAccounts(ctx: OAuthContext, tokens: TokenSet): Promise<ProviderAccount[]>;
}
