import { type CanActivate, type ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { requestContext } from '../../../common/http/request-context';
import { authErrors } from '../auth.errors';
import type { AuthRequest } from '../auth-request';
import { IdTokenVerifier } from '../id-token/id-token-verifier';
import { UsersService } from '../users.service';
import { authRequirement } from './auth-requirement';

const BEARER = /^Bearer\s+(\S+)\s*$/i;

/** Routes marked IdTokenAuth: verify the Bearer ID token; its user is created on first sight. */
@Injectable()
export class IdTokenGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly verifier: IdTokenVerifier,
    private readonly users: UsersService,
  ) {}

  async canActivate(ctx: ExecutionContext): Promise<boolean> {
    if (authRequirement(this.reflector, ctx)?.kind !== 'id-token') {
      return true;
    }
    const req = ctx.switchToHttp().getRequest<AuthRequest>();
    const token = BEARER.exec(req.headers.authorization ?? '')?.[1];
    if (!token) {
      throw authErrors.missingIdToken();
    }
    const identity = await this.verifier.verify(token);
    const user = await this.users.fromIdentity(identity.issuer, identity.subject, identity.email);
    req.auth = { userId: user.id, apiKeyId: null, isAdmin: user.isAdmin };
    const context = requestContext.getStore();
    if (context) {
      context.userId = user.id;
    }
    return true;
  }
}
