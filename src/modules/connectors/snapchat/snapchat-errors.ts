import { PublishError } from '../platform-connector';
import { type PlatformAnswer, asString, retryableFailure } from '../platform-http';

/** Snap's `{request_status: "ERROR", debug_message, display_message, error_code}`; null when fine. */
export function snapchatFailure(answer: PlatformAnswer): PublishError | null {
  const body = answer.json;
  const failed = answer.status >= 400 || String(body.request_status).toUpperCase() === 'ERROR';
  if (!failed) {
    return null;
  }
  const code = asString(body.error_code) ?? `http_${answer.status}`;
  const message = `Snapchat: ${asString(body.display_message) ?? asString(body.debug_message) ?? code}`;
  if (answer.status === 401) {
    return new PublishError('auth', code, message);
  }
  if (answer.status === 429 || answer.status >= 500) {
    return retryableFailure(answer, code, message);
  }
  return new PublishError('permanent', code, message);
}
