import { type CanActivate, type ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { requestContext } from '../../../common/http/request-context';
import type { AuthRequest } from '../auth-request';
import { CallerResolver } from '../caller-resolver';
import { authRequirement } from '../../../common/auth/route-auth';
import { ProfilesService } from '../../profiles';
import { profileHeader } from './profile-header';

/** Routes marked IdTokenAuth: verify the ID token; its user is created on first sight. */
@Injectable()
export class IdTokenGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly callers: CallerResolver,
    private readonly profiles: ProfilesService,
  ) {}

  async canActivate(ctx: ExecutionContext): Promise<boolean> {
    if (authRequirement(this.reflector, ctx)?.kind !== 'id-token') {
      return true;
    }
    const req = ctx.switchToHttp().getRequest<AuthRequest>();
    const verified = await this.callers.idToken(req);
    if (!verified.ok) {
      throw verified.error;
    }
    const { user } = verified.value;
    const caller = { userId: user.id, boundProfileId: null };
    req.auth = {
      ...caller,
      apiKeyId: null,
      isAdmin: user.isAdmin,
      profileId: await this.profiles.resolve(caller, profileHeader(req)),
    };
    const context = requestContext.getStore();
    if (context) {
      context.userId = user.id;
    }
    return true;
  }
}
