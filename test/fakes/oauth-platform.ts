import { createHash, randomBytes } from 'node:crypto';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import { FakeMetaPages } from './oauth-meta-pages';
import {
  LINKEDIN_ACCESS_DENIED,
  META_INVALID_TOKEN,
  ORGANIZATION_ADMIN_SCOPES,
  type Reply,
  tiktokUserInfo,
  UNAUTHORIZED,
} from './oauth-platform-replies';
import { linkedinVersionRefusal } from './platforms/linkedin-versions';

interface PendingCode {
  clientId: string;
  redirectUri: string;
  codeChallenge?: string;
}

export interface TokenCall {
  path: string;
  params: Record<string, string>;
  basicAuth?: string;
}

type Handler = (req: http.IncomingMessage, url: URL, body: Record<string, string>) => Reply;

const AUTHORIZE_PATHS = [
  '/i/oauth2/authorize',
  '/v23.0/dialog/oauth',
  '/oauth/authorize',
  '/v2/auth/authorize/',
  '/o/oauth2/v2/auth',
  '/oauth/v2/authorization',
  '/login/oauth2/authorize',
];
const TOKEN_POST_PATHS = [
  '/2/oauth2/token',
  '/oauth/access_token',
  '/v2/oauth/token/',
  '/token',
  '/oauth/v2/accessToken',
  '/login/oauth2/access_token',
];

const token = (prefix: string) => `${prefix}_${randomBytes(12).toString('hex')}`;
const s256 = (verifier: string) => createHash('sha256').update(verifier).digest('base64url');

/**
 * A loopback stand-in for every platform's OAuth: the authorize page (consenting at once), the
 * RFC 6749 token endpoint with PKCE checks and rotating refresh tokens, Meta's GET exchanges and
 * each platform's "who am I" endpoint. Tests point all three bases of a platform at it.
 */
export class FakeOAuthPlatform {
  readonly clientId = 'fake-client-id';
  readonly clientSecret = 'fake-client-secret';
  url = '';
  /** Every call to a token endpoint, in order. */
  tokenCalls: TokenCall[] = [];
  /** The next token-endpoint call answers this instead. */
  failNextToken?: Reply;
  /** Token-endpoint replies wait this long, so concurrent callers overlap. */
  tokenDelayMs = 0;
  /** Refresh answers carry a new refresh token (X, TikTok) or none at all. */
  refreshTokenOnRefresh: 'rotate' | 'omit' | 'empty' = 'rotate';
  /** The `scope` every token answer reports as granted. */
  grantedScope = 'scope.a scope.b';
  /** Meta: the Pages a login manages, directly and through businesses. */
  readonly meta = new FakeMetaPages(() => this.url);

  private server?: http.Server;
  private readonly codes = new Map<string, PendingCode>();
  private readonly accessTokens = new Set<string>();
  private readonly refreshTokens = new Set<string>();

  async start(): Promise<this> {
    this.server = http.createServer((req, res) => void this.handle(req, res));
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    return this;
  }

  async stop(): Promise<void> {
    // Keep-alive sockets from fetch would otherwise hold the server (and the Jest worker) open.
    this.server?.closeAllConnections();
    await new Promise((resolve) => this.server?.close(resolve));
  }

  /** Env that points a platform at this fake, with its OAuth app configured. */
  env(platform: string): Record<string, string> {
    const p = `SOKU_${platform.toUpperCase()}_`;
    return {
      [`${p}CLIENT_ID`]: this.clientId,
      [`${p}CLIENT_SECRET`]: this.clientSecret,
      [`${p}AUTH_BASE`]: this.url,
      [`${p}TOKEN_BASE`]: this.url,
      [`${p}API_BASE`]: this.url,
    };
  }

  /** A refresh token this fake will honour, for accounts added without a connect. */
  issueRefreshToken(): string {
    const refresh = token('rt');
    this.refreshTokens.add(refresh);
    return refresh;
  }

  /** An access token this fake will honour, as another tool would have obtained it. */
  issueAccessToken(): string {
    const access = token('at');
    this.accessTokens.add(access);
    return access;
  }

  isLiveAccessToken(accessToken: string): boolean {
    return this.accessTokens.has(accessToken);
  }

  private async handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', this.url);
    let raw = '';
    for await (const chunk of req) {
      raw += String(chunk);
    }
    const body = req.headers['content-type']?.includes('application/x-www-form-urlencoded')
      ? Object.fromEntries(new URLSearchParams(raw))
      : {};
    const reply = await this.route(req, url, body);
    res.writeHead(reply.status, {
      'Content-Type': 'application/json',
      ...(reply.location ? { Location: reply.location } : {}),
    });
    res.end(reply.body === undefined ? '' : JSON.stringify(reply.body));
  }

  private async route(
    req: http.IncomingMessage,
    url: URL,
    body: Record<string, string>,
  ): Promise<Reply> {
    const path = url.pathname;
    if (req.method === 'GET' && AUTHORIZE_PATHS.includes(path)) {
      return this.authorize(url);
    }
    const query = Object.fromEntries(url.searchParams);
    const isTokenCall =
      (req.method === 'POST' && TOKEN_POST_PATHS.includes(path)) ||
      (req.method === 'GET' &&
        ['/v23.0/oauth/access_token', '/access_token', '/refresh_access_token'].includes(path));
    if (isTokenCall) {
      const params = req.method === 'POST' ? body : query;
      this.tokenCalls.push({ path, params, basicAuth: req.headers.authorization });
      if (this.tokenDelayMs > 0) {
        await new Promise((resolve) => setTimeout(resolve, this.tokenDelayMs));
      }
      const failure = this.failNextToken;
      this.failNextToken = undefined;
      return failure ?? this.tokenEndpoint(path, params, req.headers.authorization);
    }
    const handler =
      this.resources()[`${req.method} ${path}`] ?? this.meta.handler(req.method, path);
    if (!handler) {
      return { status: 404, body: { error: 'not_found' } };
    }
    const bearer = req.headers.authorization?.replace(/^Bearer /, '') ?? query.access_token;
    if (!bearer || !this.accessTokens.has(bearer)) {
      return /^\/v\d+\.\d+\//.test(path) ? META_INVALID_TOKEN : UNAUTHORIZED;
    }
    return handler(req, url, body);
  }

  private authorize(url: URL): Reply {
    const q = url.searchParams;
    const clientId = q.get('client_id') ?? q.get('client_key');
    const redirectUri = q.get('redirect_uri');
    if (clientId !== this.clientId || !redirectUri || q.get('response_type') !== 'code') {
      return { status: 400, body: { error: 'invalid_request' } };
    }
    if (q.get('code_challenge') && q.get('code_challenge_method') !== 'S256') {
      return { status: 400, body: { error: 'invalid_request', error_description: 'S256 only' } };
    }
    const code = token('code');
    this.codes.set(code, {
      clientId,
      redirectUri,
      codeChallenge: q.get('code_challenge') ?? undefined,
    });
    const back = new URL(redirectUri);
    back.searchParams.set('code', code);
    back.searchParams.set('state', q.get('state') ?? '');
    return { status: 302, location: back.toString() };
  }

  private tokenEndpoint(
    path: string,
    params: Record<string, string>,
    authorization?: string,
  ): Reply {
    const [clientId, clientSecret] = authorization?.startsWith('Basic ')
      ? Buffer.from(authorization.slice(6), 'base64').toString().split(':').map(decodeURIComponent)
      : [params.client_id ?? params.client_key, params.client_secret];
    if (path === '/access_token' || path === '/refresh_access_token') {
      return this.longLivedExchange(params);
    }
    if (clientId !== this.clientId || clientSecret !== this.clientSecret) {
      return {
        status: 401,
        body: { error: 'invalid_client', error_description: 'Client authentication failed' },
      };
    }
    if (params.grant_type === 'fb_exchange_token') {
      return this.accessTokens.has(params.fb_exchange_token)
        ? { status: 200, body: this.issue({ refresh: false, expiresIn: 5_184_000 }) }
        : {
            status: 400,
            body: {
              error: { message: 'Invalid OAuth access token.', type: 'OAuthException', code: 190 },
            },
          };
    }
    if (params.grant_type === 'refresh_token') {
      return this.refresh(params.refresh_token);
    }
    // authorization_code: Meta's GET omits grant_type.
    const pending = this.codes.get(params.code);
    this.codes.delete(params.code);
    if (!pending || pending.redirectUri !== params.redirect_uri) {
      return {
        status: 400,
        body: { error: 'invalid_grant', error_description: 'Invalid authorization code' },
      };
    }
    if (pending.codeChallenge && s256(params.code_verifier ?? '') !== pending.codeChallenge) {
      return {
        status: 400,
        body: { error: 'invalid_grant', error_description: 'code_verifier does not match' },
      };
    }
    return {
      status: 200,
      body: this.issue({ refresh: !path.startsWith('/v23.0'), expiresIn: 7200 }),
    };
  }

  /** Threads: th_exchange_token and th_refresh_token, both keyed by the current access token. */
  private longLivedExchange(params: Record<string, string>): Reply {
    if (!this.accessTokens.has(params.access_token)) {
      return {
        status: 400,
        body: { error: { message: 'Session has expired', type: 'OAuthException', code: 190 } },
      };
    }
    return { status: 200, body: this.issue({ refresh: false, expiresIn: 5_184_000 }) };
  }

  private refresh(refreshToken: string): Reply {
    if (!this.refreshTokens.has(refreshToken)) {
      return {
        status: 400,
        body: { error: 'invalid_grant', error_description: 'Refresh token is invalid or expired.' },
      };
    }
    const issued = this.issue({
      refresh: this.refreshTokenOnRefresh === 'rotate',
      expiresIn: 7200,
    });
    if (this.refreshTokenOnRefresh === 'rotate') {
      this.refreshTokens.delete(refreshToken);
    } else if (this.refreshTokenOnRefresh === 'empty') {
      issued.refresh_token = '';
    }
    return { status: 200, body: issued };
  }

  private issue(opts: { refresh: boolean; expiresIn: number }): Record<string, unknown> {
    return {
      access_token: this.issueAccessToken(),
      token_type: 'bearer',
      expires_in: opts.expiresIn,
      scope: this.grantedScope,
      user_id: 'threads-user-1',
      open_id: 'tt-open-1',
      ...(opts.refresh ? { refresh_token: this.issueRefreshToken() } : {}),
    };
  }

  private resources(): Record<string, Handler> {
    return {
      'GET /2/users/me': () => ({
        status: 200,
        body: { data: { id: '2244994945', name: 'Soku Dev', username: 'sokudev' } },
      }),
      'GET /v1.0/me': () => ({
        status: 200,
        body: { id: 'threads-user-1', username: 'threads.dev', name: 'Threads Dev' },
      }),
      'GET /v2/user/info/': (_req, url) => tiktokUserInfo(url, this.grantedScope),
      'POST /v2/post/publish/creator_info/query/': () => ({
        status: 200,
        body: {
          data: {
            creator_username: 'ttcreator',
            privacy_level_options: ['SELF_ONLY', 'PUBLIC_TO_EVERYONE'],
            max_video_post_duration_sec: 600,
          },
          error: { code: 'ok' },
        },
      }),
      'GET /youtube/v3/channels': () => ({
        status: 200,
        body: {
          items: [{ id: 'UCabc123', snippet: { title: 'My Channel', customUrl: '@mychannel' } }],
        },
      }),
      'GET /v2/userinfo': () => ({ status: 200, body: { sub: 'li-sub-1', name: 'Linked Person' } }),
      'GET /v1/me': () => ({
        status: 200,
        body: {
          request_status: 'SUCCESS',
          me: { id: 'snap-1', display_name: 'Snap Biz', organization_id: 'snap-org-1' },
        },
      }),
      'GET /v1/organizations/snap-org-1/public_profiles': () => ({
        status: 200,
        body: {
          request_status: 'SUCCESS',
          public_profiles: [
            {
              sub_request_status: 'SUCCESS',
              public_profile: { id: 'pp-1', display_name: 'Snap Biz', snap_user_name: 'snapbiz' },
            },
          ],
        },
      }),
      'GET /rest/organizationAcls': (req, url) => {
        const refusal = linkedinVersionRefusal(req.headers['linkedin-version']);
        if (refusal) {
          return { status: refusal.status, body: refusal.json };
        }
        return this.grantedScope
          .split(' ')
          .some((scope) => ORGANIZATION_ADMIN_SCOPES.includes(scope))
          ? this.organizationAcls(url)
          : LINKEDIN_ACCESS_DENIED;
      },
    };
  }

  private organizationAcls(url: URL): Reply {
    return url.searchParams.get('q') === 'roleAssignee'
      ? {
          status: 200,
          body: {
            elements: [
              {
                organization: 'urn:li:organization:5515715',
                role: 'ADMINISTRATOR',
                roleAssignee: 'urn:li:person:li-sub-1',
                state: 'APPROVED',
              },
            ],
          },
        }
      : { status: 400, body: { status: 400, code: 'ILLEGAL_ARGUMENT' } };
  }
}
