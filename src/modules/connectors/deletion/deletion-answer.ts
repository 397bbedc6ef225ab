import type { PlatformAnswer } from '../platform-http';
import type { DeleteOutcome } from '../post-deleter';
import type { PublishError } from '../platform-connector';

/**
 * The common reading of a delete answer: 2xx deleted, 404 already gone (a repeat after a lost
 * answer finds nothing: the post is down, which is what was asked), anything else the
 * platform's classified refusal.
 */
export function deletionOutcome(
  answer: PlatformAnswer,
  refusal: (answer: PlatformAnswer) => PublishError,
): DeleteOutcome {
  if (answer.status >= 200 && answer.status < 300) {
    return 'deleted';
  }
  if (answer.status === 404) {
    return 'already_gone';
  }
  throw refusal(answer);
}
