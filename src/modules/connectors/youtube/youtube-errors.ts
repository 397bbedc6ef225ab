import { PublishError } from '../platform-connector';
import { type PlatformAnswer, asObject, asString, retryableFailure } from '../platform-http';

const QUOTA = new Set(['quotaExceeded', 'uploadLimitExceeded', 'dailyLimitExceeded']);
const RETRYABLE = new Set(['rateLimitExceeded', 'userRateLimitExceeded', 'backendError']);
const AUTH = new Set(['authError', 'insufficientPermissions', 'forbidden']);

/** Google's `{error: {code, message, errors: [{reason, message}]}}` as a PublishError. */
export function youtubeFailure(answer: PlatformAnswer, quotaRetryMs: number): PublishError {
  const error = asObject(answer.json.error);
  const first = asObject(Array.isArray(error.errors) ? error.errors[0] : undefined);
  const reason = asString(first.reason) ?? asString(error.status) ?? `http_${answer.status}`;
  const message = `YouTube: ${asString(error.message) ?? asString(first.message) ?? reason}`;
  if (QUOTA.has(reason)) {
    return new PublishError('deferred', reason, message, quotaRetryMs);
  }
  if (answer.status === 401 || AUTH.has(reason)) {
    return new PublishError('auth', reason, message);
  }
  if (RETRYABLE.has(reason) || answer.status === 429 || answer.status >= 500) {
    return retryableFailure(answer, reason, message);
  }
  return new PublishError('permanent', reason, message);
}
