import { type BackoffPolicy, delayFor } from '../../../common/async/backoff';

/**
 * A delivery's retries: the configured schedule, ±10 % so deliveries that failed together (one
 * endpoint down) do not all come back at once; a receiver's `retry-after` (429, 503) is honoured
 * when it asks for longer, up to a day.
 */
export function deliveryBackoff(delaysMs: readonly number[]): BackoffPolicy {
  return {
    steps: { scheduleMs: delaysMs },
    jitter: { below: 0.1, above: 0.1 },
    maxRetryAfterMs: 86_400_000,
  };
}

/** The wait before attempt `attempts + 1`, or null once every attempt is spent. */
export function nextDelayMs(
  delaysMs: readonly number[],
  attempts: number,
  retryAfterMs?: number,
  random: () => number = Math.random,
): number | null {
  return delaysMs[attempts - 1] === undefined
    ? null
    : delayFor(deliveryBackoff(delaysMs), attempts, { retryAfterMs, random });
}
