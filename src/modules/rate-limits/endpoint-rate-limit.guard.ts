import { type ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import {
  InjectThrottlerOptions,
  InjectThrottlerStorage,
  ThrottlerGuard,
  type ThrottlerModuleOptions,
  type ThrottlerRequest,
} from '@nestjs/throttler';
import type { Request, Response } from 'express';
import { SokuConfig } from '../../config/soku-config';
import type { AuthRequest } from '../auth';
import { RateLimitMetrics } from './rate-limit.metrics';
import { appliedLimit, applyLimit, retryAfterSeconds } from './rate-limit-headers';
import { RateLimitStore } from './rate-limit.store';
import { RATE_LIMIT_COST, RATE_LIMITED_ENDPOINT, type RequestCost } from './rate-limited.decorator';
import { RateLimitExceededError } from '../../common/errors';

/**
 * The endpoint limits: @nestjs/throttler's guard, registered after the auth and subscription
 * guards so it counts per user and never for a refused caller. It takes the token from the
 * shared RateLimitStore and reports in Soku's headers and error envelope.
 */
@Injectable()
export class EndpointRateLimitGuard extends ThrottlerGuard {
  constructor(
    @InjectThrottlerOptions() options: ThrottlerModuleOptions,
    @InjectThrottlerStorage() private readonly store: RateLimitStore,
    reflector: Reflector,
    private readonly config: SokuConfig,
    private readonly metrics: RateLimitMetrics,
  ) {
    super(options, store, reflector);
  }

  protected override shouldSkip(context: ExecutionContext): Promise<boolean> {
    return Promise.resolve(
      !this.config.limits.rateLimit.enabled || this.endpointOf(context) === undefined,
    );
  }

  protected override getTracker(req: Record<string, unknown>): Promise<string> {
    const { auth, ip } = req as unknown as AuthRequest;
    return Promise.resolve(auth ? `user:${auth.userId}` : `ip:${ip}`);
  }

  protected override generateKey(context: ExecutionContext, tracker: string): string {
    return `e:${this.endpointOf(context)}:${tracker}`;
  }

  protected override async handleRequest(request: ThrottlerRequest): Promise<boolean> {
    const { context, limit, ttl, getTracker, generateKey, throttler } = request;
    const req = context.switchToHttp().getRequest<Request>();
    const res = context.switchToHttp().getResponse<Response>();
    const key = generateKey(context, await getTracker(req, context), throttler.name ?? '');
    const cost = this.reflector.get<RequestCost | undefined>(RATE_LIMIT_COST, context.getHandler());
    const decision = await this.store.take(
      key,
      { capacity: limit, emissionMs: Math.max(1, Math.round(ttl / limit)), windowMs: ttl },
      cost?.(req) ?? 1,
    );
    const global = appliedLimit(req);
    if (!decision.allowed || !global || decision.remaining <= global.decision.remaining) {
      applyLimit(req, res, { tier: global?.tier ?? 'default', capacity: limit, decision });
    }
    if (!decision.allowed) {
      this.metrics.rejectedTotal++;
      throw new RateLimitExceededError(retryAfterSeconds(decision));
    }
    return true;
  }

  private endpointOf(context: ExecutionContext): string | undefined {
    return this.reflector.getAllAndOverride<string | undefined>(RATE_LIMITED_ENDPOINT, [
      context.getHandler(),
      context.getClass(),
    ]);
  }
}
