import { type CanActivate, type ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { SubscriptionInactiveError, SubscriptionRequiredError } from '../auth.errors';
import type { AuthRequest } from '../auth-request';
import { subscriptionStanding } from '../subscription-policy';
import { authRequirement } from '../../../common/auth/route-auth';

/** After ApiKeyGuard: routes that need a subscription answer the v1 403s without one. */
@Injectable()
export class SubscriptionGuard implements CanActivate {
  constructor(private readonly reflector: Reflector) {}

  canActivate(ctx: ExecutionContext): boolean {
    const requirement = authRequirement(this.reflector, ctx);
    if (requirement?.kind !== 'api-key' || !requirement.subscription) {
      return true;
    }
    const { access } = ctx.switchToHttp().getRequest<AuthRequest>();
    switch (subscriptionStanding(access?.subscription ?? null)) {
      case 'allowed':
        return true;
      case 'none':
        throw new SubscriptionRequiredError();
      case 'inactive':
        throw new SubscriptionInactiveError();
    }
  }
}
