import type { AuthenticatedRequest } from '../../common/auth/route-auth';
import type { UserAccess } from './user-access';

/** A request after the auth guards: who is calling, and their standing. */
export interface AuthRequest extends AuthenticatedRequest {
  access?: UserAccess;
}
