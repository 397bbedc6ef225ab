import type { Logger } from 'pino';
import { QueueUnavailableError } from '../../common/errors';

/**
 * Awaits the enqueueing of work that is already committed. A queue outage is not the caller's
 * failure: the row is the truth and a periodic pass (`redrivenBy`) enqueues it once the queue is
 * back, so it is logged instead of answered as 503. Any other error still throws.
 */
export async function tolerateQueueOutage(
  enqueue: Promise<unknown>,
  logger: Logger,
  redrivenBy: string,
): Promise<void> {
  try {
    await enqueue;
  } catch (error) {
    if (!(error instanceof QueueUnavailableError)) {
      throw error;
    }
    logger.warn({ err: error }, `queue unavailable: ${redrivenBy} will enqueue it`);
  }
}
