import type { Request, Response } from 'express';
import type { Tier } from './rate-limit.policies';
import type { BucketDecision, TakenToken } from './token-bucket';

/** The limit that applies to this request and what it decided, kept on the request. */
export interface AppliedLimit {
  tier: Tier;
  capacity: number;
  decision: TakenToken;
}

const APPLIED = Symbol('soku.rateLimit');

export function appliedLimit(req: Request): AppliedLimit | undefined {
  return (req as Request & { [APPLIED]?: AppliedLimit })[APPLIED];
}

/**
 * Sets the X-RateLimit-* headers from the binding limit: the global tier first; an endpoint
 * limit replaces it when it leaves fewer requests. Limit is the bucket size (limit + burst);
 * Reset is when the bucket is full again, rounded up to the second.
 */
export function applyLimit(req: Request, res: Response, limit: AppliedLimit): void {
  (req as Request & { [APPLIED]?: AppliedLimit })[APPLIED] = limit;
  const reset = Math.ceil((limit.decision.now + limit.decision.resetMs) / 1000) * 1000;
  res.setHeader('X-RateLimit-Limit', String(limit.capacity));
  res.setHeader('X-RateLimit-Remaining', String(limit.decision.remaining));
  res.setHeader('X-RateLimit-Reset', new Date(reset).toISOString());
  res.setHeader('X-RateLimit-Tier', limit.tier);
}

/** Whole seconds until the next token: the N of the 429 message and the Retry-After header. */
export function retryAfterSeconds(decision: BucketDecision): number {
  return Math.max(1, Math.ceil(decision.retryAfterMs / 1000));
}
