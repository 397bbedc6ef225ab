/**
 * The irreversible call got no usable answer (timeout, dropped connection, 5xx): the post may
 * exist. Deliberately not a PublishError, so the Publisher asks the connector's `findPublished`
 * before anything is sent again.
 */
export class UnansweredCallError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UnansweredCallError';
  }
}

/** How far before our send a post found by a look-up may be dated (clock skew with the platform). */
export const LOOK_UP_SKEW_MS = 5 * 60_000;
