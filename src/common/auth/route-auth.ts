import type { ExecutionContext } from '@nestjs/common';
import type { Reflector } from '@nestjs/core';
import type { SokuRequest } from '../http/request-context';

/**
 * How a route authenticates, set by its decorator and read by the auth module's guards. It lives
 * here, below every module, so that any controller (the api-keys one included) can declare it
 * without importing the auth module that enforces it.
 */
export const AUTH_METADATA = 'soku:auth';

export type AuthRequirement =
  | { kind: 'api-key'; subscription: boolean }
  | { kind: 'id-token' }
  /** A static operator token the route checks itself (GET /metrics). */
  | { kind: 'metrics-token' };

/**
 * Whose rows a request acts on: a user, in one of their profiles (the `Soku-Profile` header's,
 * a bound key's, or the default one, whose id is the user's). Repositories take it whole.
 */
export interface Scope {
  userId: string;
  profileId: string;
}

/** The user's default profile, which is named by the user's own id. */
export function defaultScope(userId: string): Scope {
  return { userId, profileId: userId };
}

/** Who is calling, as the guards established it, and in which profile. */
export interface AuthenticatedUser extends Scope {
  /** The API key used, or null for an ID-token call. */
  apiKeyId: string | null;
  /** The one profile the API key may act in, or null: any of its user's. */
  boundProfileId: string | null;
  isAdmin: boolean;
}

/** A request after the auth guards have run. */
export interface AuthenticatedRequest extends SokuRequest {
  auth?: AuthenticatedUser;
}

export function authRequirement(
  reflector: Reflector,
  ctx: ExecutionContext,
): AuthRequirement | undefined {
  return reflector.getAllAndOverride<AuthRequirement | undefined>(AUTH_METADATA, [
    ctx.getHandler(),
    ctx.getClass(),
  ]);
}
