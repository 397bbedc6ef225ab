import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import type { AuthenticatedRequest, AuthenticatedUser } from './route-auth';

/** The caller established by the auth guards; only on routes with ApiKeyAuth or IdTokenAuth. */
export const CurrentUser = createParamDecorator(
  (_data: unknown, ctx: ExecutionContext): AuthenticatedUser => {
    const auth = ctx.switchToHttp().getRequest<AuthenticatedRequest>().auth;
    if (!auth) {
      throw new Error('CurrentUser used on a route without ApiKeyAuth or IdTokenAuth');
    }
    return auth;
  },
);
