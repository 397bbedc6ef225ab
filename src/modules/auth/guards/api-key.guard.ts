import { type CanActivate, type ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { requestContext } from '../../../common/http/request-context';
import type { AuthRequest } from '../auth-request';
import { CallerResolver } from '../caller-resolver';
import { authRequirement } from '../../../common/auth/route-auth';
import { ProfilesService } from '../../profiles';
import { profileHeader } from './profile-header';

/**
 * Routes marked ApiKeyAuth: resolve `soku-api-key` to a user, or answer the v1 401s, then the
 * profile the request acts in (`Soku-Profile`). The key lookup is shared with the global rate
 * limiter, which made it already for this request.
 */
@Injectable()
export class ApiKeyGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly callers: CallerResolver,
    private readonly profiles: ProfilesService,
  ) {}

  async canActivate(ctx: ExecutionContext): Promise<boolean> {
    if (authRequirement(this.reflector, ctx)?.kind !== 'api-key') {
      return true;
    }
    const req = ctx.switchToHttp().getRequest<AuthRequest>();
    const caller = await this.callers.apiKey(req);
    if (!caller.ok) {
      throw caller.error;
    }
    const { auth } = caller.value;
    req.auth = { ...auth, profileId: await this.profiles.resolve(auth, profileHeader(req)) };
    req.access = caller.value.access;
    const context = requestContext.getStore();
    if (context) {
      context.userId = caller.value.auth.userId;
    }
    return true;
  }
}
