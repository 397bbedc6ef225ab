import { type CanActivate, type ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { requestContext } from '../../../common/http/request-context';
import { ApiKeysService } from '../../api-keys/api-keys.service';
import { authErrors } from '../auth.errors';
import type { AuthRequest } from '../auth-request';
import { UsersService } from '../users.service';
import { authRequirement } from './auth-requirement';

/** Routes marked ApiKeyAuth: resolve `soku-api-key` to a user, or answer the v1 401s. */
@Injectable()
export class ApiKeyGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly apiKeys: ApiKeysService,
    private readonly users: UsersService,
  ) {}

  async canActivate(ctx: ExecutionContext): Promise<boolean> {
    if (authRequirement(this.reflector, ctx)?.kind !== 'api-key') {
      return true;
    }
    const req = ctx.switchToHttp().getRequest<AuthRequest>();
    const header = req.headers['soku-api-key'];
    if (typeof header !== 'string' || header.trim() === '') {
      throw authErrors.missingApiKey();
    }
    const identity = await this.apiKeys.authenticate(header.trim());
    const access = await this.users.access(identity.userId);
    if (!access) {
      throw authErrors.invalidApiKey();
    }
    req.auth = { userId: identity.userId, apiKeyId: identity.apiKeyId, isAdmin: access.isAdmin };
    req.access = access;
    const context = requestContext.getStore();
    if (context) {
      context.userId = identity.userId;
    }
    return true;
  }
}
