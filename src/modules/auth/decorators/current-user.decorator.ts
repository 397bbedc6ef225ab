import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import type { AuthRequest } from '../auth-request';
import type { AuthenticatedUser } from '../authenticated-user';

/** The caller established by the auth guards; only on routes with ApiKeyAuth or IdTokenAuth. */
export const CurrentUser = createParamDecorator(
  (_data: unknown, ctx: ExecutionContext): AuthenticatedUser => {
    const auth = ctx.switchToHttp().getRequest<AuthRequest>().auth;
    if (!auth) {
      throw new Error('CurrentUser used on a route without ApiKeyAuth or IdTokenAuth');
    }
    return auth;
  },
);
