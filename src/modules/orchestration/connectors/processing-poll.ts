import type { PlatformApiConfig } from '../../../config/platform-api.config';
import { PublishError } from './platform-connector';

/** One look at media the platform is still processing. */
export type ProcessingCheck<T> =
  | { done: true; value: T }
  /** `afterMs`: when the platform asked to be asked again (X's check_after_secs). */
  | { done: false; afterMs?: number };

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Asks until the platform says the media is ready, pausing longer each time (×1.5, within the
 * configured bounds). Gives up with `media_processing_timeout` after the configured number of
 * checks: the media is then still unpublished, so nothing was posted.
 */
export async function waitUntilProcessed<T>(
  check: () => Promise<ProcessingCheck<T>>,
  config: Pick<PlatformApiConfig, 'pollIntervalMs' | 'pollMaxIntervalMs' | 'pollMaxAttempts'>,
  what: string,
): Promise<T> {
  let pause = config.pollIntervalMs;
  for (let attempt = 1; ; attempt++) {
    const result = await check();
    if (result.done) {
      return result.value;
    }
    if (attempt >= config.pollMaxAttempts) {
      throw new PublishError(
        'permanent',
        'media_processing_timeout',
        `${what} was still processing after ${attempt} checks; nothing was published`,
      );
    }
    const wanted = result.afterMs ?? pause;
    await sleep(Math.min(Math.max(wanted, config.pollIntervalMs), config.pollMaxIntervalMs));
    pause = Math.min(pause * 1.5, config.pollMaxIntervalMs);
  }
}
