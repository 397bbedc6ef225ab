import { AppError } from './app-error';
import { ErrorCode } from './error-codes';

/**
 * The documented 429, from Soku's limiter or @nestjs/throttler's guard alike: the message's N and
 * Retry-After are the same whole seconds.
 */
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
