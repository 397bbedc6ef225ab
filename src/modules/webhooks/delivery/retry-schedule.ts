/** Jitter spreads retries of many deliveries that failed together (one endpoint down). */
const JITTER = 0.1;

/**
 * The wait before attempt `attempts + 1`, or null once every attempt is spent. A `retry-after`
 * from the receiver (429, 503) is honoured when it asks for longer, up to a day.
 */
export function nextDelayMs(
  delaysMs: readonly number[],
  attempts: number,
  retryAfterMs?: number,
  random: () => number = Math.random,
): number | null {
  const base = delaysMs[attempts - 1];
  if (base === undefined) {
    return null;
  }
  const jittered = Math.round(base * (1 + JITTER * (2 * random() - 1)));
  const asked = Math.min(retryAfterMs ?? 0, 86_400_000);
  return Math.max(jittered, asked);
}
