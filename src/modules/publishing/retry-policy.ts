/**
 * Exponential backoff with full jitter (base · 2^(attempt-1), capped), never sooner than the
 * platform's own Retry-After.
 */
export function retryDelayMs(
  attempt: number,
  baseMs: number,
  retryAfterMs?: number,
  random = Math.random,
): number {
  const cap = Math.min(baseMs * 2 ** (attempt - 1), 60 * 60_000);
  const jittered = Math.round(cap / 2 + (random() * cap) / 2);
  return Math.max(jittered, retryAfterMs ?? 0);
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
