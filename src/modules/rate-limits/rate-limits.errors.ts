import { AppError, ErrorCode } from '../../common/errors';

export const rateLimitErrors = {
  /** The documented 429: the message's N and Retry-After are the same whole seconds. */
  exceeded: (seconds: number) =>
    new AppError(
      429,
      ErrorCode.RateLimitExceeded,
      `Rate limit exceeded. Try again in ${seconds} seconds.`,
      undefined,
      { 'Retry-After': String(seconds) },
    ),
};
