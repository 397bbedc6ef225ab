import type { SokuRequest } from '../../common/http/request-context';
import type { AuthenticatedUser, UserAccess } from './authenticated-user';

/** A request after the auth guards: who is calling, and their standing. */
export interface AuthRequest extends SokuRequest {
  auth?: AuthenticatedUser;
  access?: UserAccess;
}

export const AUTH_METADATA = 'soku:auth';

export type AuthRequirement =
  | { kind: 'api-key'; subscription: boolean }
  | { kind: 'id-token' }
  /** A static operator token the route checks itself (GET /metrics). */
  | { kind: 'metrics-token' };
