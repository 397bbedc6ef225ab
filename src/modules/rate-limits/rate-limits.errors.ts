import { AppError, ErrorCode } from '../../common/errors';

/** The documented 429: the message's N and Retry-After are the same whole seconds. */
export class RateLimitExceededError extends AppError {
  constructor(seconds: number) {
    super(
      429,
      ErrorCode.RateLimitExceeded,
      `Rate limit exceeded. Try again in ${seconds} seconds.`,
      undefined,
      { 'Retry-After': String(seconds) },
    );
  }
}
