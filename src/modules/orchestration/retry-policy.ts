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
