import { parseRetryAfter } from '../../../common/http/retry-after';
import { PublishError } from '../platform-connector';
import { type PlatformAnswer, asString, retryableFailure } from '../platform-http';

/** LinkedIn's `{status, serviceErrorCode, code, message}` as a PublishError. */
export function linkedinFailure(answer: PlatformAnswer, quotaRetryMs: number): PublishError {
  const body = answer.json;
  const code =
    asString(body.code) ??
    (typeof body.serviceErrorCode === 'number'
      ? `service_error_${body.serviceErrorCode}`
      : undefined) ??
    `http_${answer.status}`;
  const message = `LinkedIn: ${asString(body.message) ?? code}`;
  if (answer.status === 401) {
    return new PublishError('auth', code, message);
  }
  if (answer.status === 429) {
    // Without a Retry-After, LinkedIn's 429 is the member's or app's daily limit (midnight UTC).
    const wait = parseRetryAfter(answer.headers.get('retry-after'));
    return wait === undefined
      ? new PublishError('deferred', 'daily_limit', message, quotaRetryMs)
      : new PublishError('retryable', code, message, wait);
  }
  if (answer.status >= 500) {
    return retryableFailure(answer, code, message);
  }
  if (answer.status === 422 && code === 'DUPLICATE_POST') {
    return new PublishError('permanent', 'duplicate_post', message);
  }
  return new PublishError('permanent', code, message);
}
