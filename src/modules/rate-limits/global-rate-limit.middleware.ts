import { Injectable } from '@nestjs/common';
import { normalizeIp } from '@nestjs/throttler';
import type { NextFunction, Request, RequestHandler, Response } from 'express';
import { SokuConfig } from '../../config/soku-config';
import { type Caller, CallerResolver, subscriptionStanding } from '../auth';
import { RateLimitMetrics } from './rate-limit.metrics';
import { bucketOf, type Tier, TIERS } from './rate-limit.policies';
import { applyLimit, retryAfterSeconds } from './rate-limit-headers';
import { RateLimitStore } from './rate-limit.store';
import { RateLimitExceededError } from '../../common/errors';

/**
 * The global tier, as Express middleware right after the request id and security headers, so
 * it runs for every request, unknown routes and bad credentials included, and before the body
 * is read. It identifies the caller through the same memoized lookup the auth guards use.
 */
@Injectable()
export class GlobalRateLimitMiddleware {
  private readonly adminIps: Set<string>;
  private readonly adminUserIds: Set<string>;

  constructor(
    private readonly config: SokuConfig,
    private readonly callers: CallerResolver,
    private readonly store: RateLimitStore,
    private readonly metrics: RateLimitMetrics,
  ) {
    this.adminIps = new Set(config.limits.rateLimit.adminIps.map((ip) => normalizeIp(ip)));
    this.adminUserIds = new Set(config.limits.rateLimit.adminUserIds);
  }

  readonly handler: RequestHandler = (req: Request, res: Response, next: NextFunction) => {
    if (!this.config.limits.rateLimit.enabled) {
      next();
      return;
    }
    this.limit(req, res).then(() => next(), next);
  };

  private async limit(req: Request, res: Response): Promise<void> {
    const ip = normalizeIp(req.ip ?? req.socket.remoteAddress ?? 'unknown');
    const { tier, tracker } = this.classify(await this.callers.identify(req), ip);
    const spec = bucketOf(TIERS[tier]);
    const decision = await this.store.take(`g:${tier}:${tracker}`, spec);
    applyLimit(req, res, { tier, capacity: spec.capacity, decision });
    if (!decision.allowed) {
      this.metrics.rejectedTotal++;
      throw new RateLimitExceededError(retryAfterSeconds(decision));
    }
  }

  private classify(caller: Caller, ip: string): { tier: Tier; tracker: string } {
    const adminIp = this.adminIps.has(ip);
    switch (caller.kind) {
      case 'api-key': {
        const { userId, isAdmin } = caller.auth;
        const tracker = `user:${userId}`;
        if (isAdmin || adminIp || this.adminUserIds.has(userId)) {
          return { tier: 'admin', tracker };
        }
        const standing = subscriptionStanding(caller.access.subscription);
        return { tier: standing === 'allowed' ? 'premium' : 'authenticated', tracker };
      }
      case 'id-token': {
        const { id, isAdmin } = caller.user;
        const admin = isAdmin || adminIp || this.adminUserIds.has(id);
        return { tier: admin ? 'admin' : 'authenticated', tracker: `user:${id}` };
      }
      case 'anonymous':
        return { tier: adminIp ? 'admin' : 'default', tracker: `ip:${ip}` };
    }
  }
}
