/**
 * How long to wait before a retry, as one policy type for every retry loop: publishing's runs
 * (exponential) and webhook deliveries (an operator's schedule).
 */
export interface BackoffPolicy {
  steps: ExponentialSteps | ScheduledSteps;
  /**
   * Fractions of the wait that jitter may take off and add, drawn uniformly: `{ below: 0.5,
   * above: 0 }` spreads a wait `d` over [d/2, d]; `{ below: 0.1, above: 0.1 }` over d ± 10 %.
   */
  jitter: { below: number; above: number };
  /** A Retry-After longer than the wait is honoured up to this much (unbounded without it). */
  maxRetryAfterMs?: number;
}

/** `baseMs` before the first retry, `factor` times longer each next one, never over `maxMs`. */
export interface ExponentialSteps {
  baseMs: number;
  factor: number;
  maxMs: number;
}

/** The wait before each retry in turn; retries past the end wait as long as the last. */
export interface ScheduledSteps {
  scheduleMs: readonly number[];
}

export interface BackoffOptions {
  /** What the other side asked for (429/503 Retry-After), in ms from now. */
  retryAfterMs?: number;
  random?: () => number;
}

/** The wait before retry number `retry` (1 for the first). */
export function delayFor(
  policy: BackoffPolicy,
  retry: number,
  { retryAfterMs, random = Math.random }: BackoffOptions = {},
): number {
  const { below, above } = policy.jitter;
  const wait = stepMs(policy.steps, retry);
  const jittered = Math.round(wait * (1 - below + random() * (below + above)));
  const asked = Math.min(retryAfterMs ?? 0, policy.maxRetryAfterMs ?? Infinity);
  return Math.max(jittered, asked);
}

function stepMs(steps: ExponentialSteps | ScheduledSteps, retry: number): number {
  if ('scheduleMs' in steps) {
    return steps.scheduleMs[Math.min(retry, steps.scheduleMs.length) - 1] ?? 0;
  }
  return Math.min(steps.baseMs * steps.factor ** (retry - 1), steps.maxMs);
}
