import { Injectable } from '@nestjs/common';
import type { Request } from 'express';
import { ApiKeysService, InvalidApiKeyError } from '../api-keys';
import { MissingApiKeyError, MissingIdTokenError, UserDisabledError } from './auth.errors';
import type { AuthRequest } from './auth-request';
import type { AuthenticatedUser } from '../../common/auth/route-auth';
import type { UserAccess } from './user-access';
import { dashboardCookieToken } from './dashboard-session';
import type { UserEntity } from './entities/user.entity';
import { IdTokenVerifier, type VerifiedIdentity } from './id-token/id-token-verifier';
import { UsersService } from './users.service';

/** A lookup's outcome: the value, or the error (usually a v1 401) the auth guard answers with. */
export type Resolution<T> = { ok: true; value: T } | { ok: false; error: unknown };

export interface ApiKeyCaller {
  auth: AuthenticatedUser;
  access: UserAccess;
}

export interface IdTokenCaller {
  identity: VerifiedIdentity;
  /** The (non-disabled) user the token speaks for, created on first sight. */
  user: UserEntity;
}

/** Who a request says it is, as far as can be told without failing it. */
export type Caller =
  | { kind: 'anonymous' }
  | ({ kind: 'api-key' } & ApiKeyCaller)
  | ({ kind: 'id-token' } & IdTokenCaller);

const BEARER = /^Bearer\s+(\S+)\s*$/i;

/**
 * Resolves a request's credentials once: the global rate limiter (before routing, on every
 * request) and the auth guards (after routing) share the same memoized lookup, so a key is
 * looked up once per request however many layers ask.
 */
@Injectable()
export class CallerResolver {
  private readonly apiKeyLookups = new WeakMap<Request, Promise<Resolution<ApiKeyCaller>>>();
  private readonly idTokenLookups = new WeakMap<Request, Promise<Resolution<IdTokenCaller>>>();

  constructor(
    private readonly apiKeys: ApiKeysService,
    private readonly users: UsersService,
    private readonly verifier: IdTokenVerifier,
  ) {}

  /** Never throws: invalid or missing credentials make an anonymous caller. */
  async identify(req: Request): Promise<Caller> {
    if (apiKeyHeader(req) !== undefined) {
      const key = await this.apiKey(req);
      return key.ok ? { kind: 'api-key', ...key.value } : { kind: 'anonymous' };
    }
    if (idTokenOf(req) !== undefined) {
      const token = await this.idToken(req);
      return token.ok ? { kind: 'id-token', ...token.value } : { kind: 'anonymous' };
    }
    return { kind: 'anonymous' };
  }

  /** The `soku-api-key` caller (also set as `req.auth` / `req.access`), or the 401 to answer. */
  apiKey(req: Request): Promise<Resolution<ApiKeyCaller>> {
    return memoize(this.apiKeyLookups, req, () => this.lookUpApiKey(req as AuthRequest));
  }

  /**
   * The verified ID token (Bearer header, or the dashboard cookie on the dashboard's pages) and
   * its user, or the 401 to answer.
   */
  idToken(req: Request): Promise<Resolution<IdTokenCaller>> {
    return memoize(this.idTokenLookups, req, async () => {
      const token = idTokenOf(req);
      if (token === undefined) {
        throw new MissingIdTokenError();
      }
      const identity = await this.verifier.verify(token);
      const user = await this.users.fromIdentity(identity.issuer, identity.subject, identity.email);
      if (user.disabledAt) {
        throw new UserDisabledError();
      }
      return { identity, user };
    });
  }

  private async lookUpApiKey(req: AuthRequest): Promise<ApiKeyCaller> {
    const header = apiKeyHeader(req);
    if (header === undefined) {
      throw new MissingApiKeyError();
    }
    const identity = await this.apiKeys.authenticate(header);
    const access = await this.users.access(identity.userId);
    if (!access) {
      throw new InvalidApiKeyError();
    }
    if (access.disabled) {
      throw new UserDisabledError();
    }
    const auth: AuthenticatedUser = {
      userId: identity.userId,
      apiKeyId: identity.apiKeyId,
      isAdmin: access.isAdmin,
      boundProfileId: identity.profileId,
      // Until the guard reads Soku-Profile: the bound profile, else the default.
      profileId: identity.profileId ?? identity.userId,
    };
    req.auth = auth;
    req.access = access;
    return { auth, access };
  }
}

function memoize<T>(
  cache: WeakMap<Request, Promise<Resolution<T>>>,
  req: Request,
  lookUp: () => Promise<T>,
): Promise<Resolution<T>> {
  let pending = cache.get(req);
  if (!pending) {
    pending = lookUp().then(
      (value): Resolution<T> => ({ ok: true, value }),
      (error: unknown): Resolution<T> => ({ ok: false, error }),
    );
    cache.set(req, pending);
  }
  return pending;
}

function apiKeyHeader(req: Request): string | undefined {
  const header = req.headers['soku-api-key'];
  return typeof header === 'string' && header.trim() !== '' ? header.trim() : undefined;
}

function idTokenOf(req: Request): string | undefined {
  return BEARER.exec(req.headers.authorization ?? '')?.[1] ?? dashboardCookieToken(req);
}
