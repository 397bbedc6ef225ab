import { type BackoffPolicy, delayFor } from '../../common/async/backoff';

/** A run's retries: base · 2^(attempt-1) up to an hour, jittered over its upper half. */
export function publishBackoff(baseMs: number): BackoffPolicy {
  return {
    steps: { baseMs, factor: 2, maxMs: 60 * 60_000 },
    jitter: { below: 0.5, above: 0 },
  };
}

/** The wait before a run's next attempt, never sooner than the platform's own Retry-After. */
export function retryDelayMs(
  attempt: number,
  baseMs: number,
  retryAfterMs?: number,
  random = Math.random,
): number {
  return delayFor(publishBackoff(baseMs), attempt, { retryAfterMs, random });
}

/**
 * Deferrals spend no attempt, so time bounds them: true when the run, first deferred at
 * `deferredSince` (now, if this is the first), would come back later than `maxDeferralMs` after
 * that. The run then fails with the platform's last message instead of waiting on.
 */
export function deferralExhausted(
  deferredSince: Date | null,
  waitMs: number,
  maxDeferralMs: number,
  now = Date.now(),
): boolean {
  const since = deferredSince?.getTime() ?? now;
  return now + waitMs - since > maxDeferralMs;
}
