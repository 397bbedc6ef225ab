import type { PlatformApiConfig } from '../../config/platform-api.config';
import { PublishError } from './platform-connector';

/** One look at media the platform is still processing. */
export type ProcessingCheck<T> =
  | { done: true; value: T }
  /**
   * `said`: the platform's own words for the state, kept for the final message. `afterMs`: when
   * the platform asked to be asked again (X's check_after_secs).
   */
  | { done: false; said: string; afterMs?: number };

export type ProcessingConfig = Pick<
  PlatformApiConfig,
  | 'pollIntervalMs'
  | 'pollMaxIntervalMs'
  | 'pollMaxAttempts'
  | 'processingRecheckMs'
  | 'processingMaxWaitMs'
>;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Asks until the platform says the media is ready, pausing longer each time (×1.5, within the
 * configured bounds). After `checks` looks (`pollMaxAttempts`; 1 when resuming a deferred run, so
 * a long wait holds no worker) the worker is released: a `deferred` error brings the run back
 * later, the caller having saved the container or media id, so the next attempt asks about the
 * same one. Once `processingMaxWaitMs` has passed since `since` (when the
 * media was handed over), `media_processing_timeout` with the platform's last words: nothing was
 * published.
 */
export async function waitUntilProcessed<T>(
  check: () => Promise<ProcessingCheck<T>>,
  config: ProcessingConfig,
  what: string,
  since: number,
  checks = config.pollMaxAttempts,
): Promise<T> {
  let pause = config.pollIntervalMs;
  for (let attempt = 1; ; attempt++) {
    const result = await check();
    if (result.done) {
      return result.value;
    }
    const waited = Date.now() - since;
    if (waited >= config.processingMaxWaitMs) {
      throw new PublishError(
        'permanent',
        'media_processing_timeout',
        `${what} was still processing after ${describeWait(waited)} (the platform said: ${result.said}); nothing was published`,
      );
    }
    if (attempt >= checks) {
      throw new PublishError(
        'deferred',
        'media_processing',
        `${what} is still processing (the platform said: ${result.said}); looking again later`,
        Math.min(
          result.afterMs ?? recheckDelayMs(waited, config),
          config.processingMaxWaitMs - waited,
        ),
      );
    }
    const wanted = result.afterMs ?? pause;
    await sleep(Math.min(Math.max(wanted, config.pollIntervalMs), config.pollMaxIntervalMs));
    pause = Math.min(pause * 1.5, config.pollMaxIntervalMs);
  }
}

/** Backoff without a counter: half the time waited so far, within 1–5 recheck intervals. */
export function recheckDelayMs(waitedMs: number, config: ProcessingConfig): number {
  const base = config.processingRecheckMs;
  return Math.round(Math.min(Math.max(waitedMs / 2, base), 5 * base));
}

function describeWait(ms: number): string {
  return ms >= 120_000 ? `${Math.round(ms / 60_000)} minutes` : `${Math.round(ms / 1000)} s`;
}
