import { PublishError } from '../platform-connector';
import { type PlatformAnswer, asObject, asString, retryableFailure } from '../platform-http';

const AUTH = new Set(['access_token_invalid', 'scope_not_authorized', 'scope_permission_missed']);
const RETRYABLE = new Set(['rate_limit_exceeded', 'internal_error']);
/** Posting caps of the creator or the app: wait for the window instead of failing. */
const QUOTA = new Set(['spam_risk_too_many_posts', 'reached_active_user_cap']);
/**
 * Final answers: a creator banned from posting stays banned, and an unaudited app stays limited
 * to private posts (https://developers.tiktok.com/doc/content-posting-api-reference-direct-post,
 * "Error Codes"), so neither is retried.
 */
const FINAL: Record<string, string> = {
  spam_risk_user_banned_from_posting: 'TikTok has banned this creator from posting',
  unaudited_client_can_only_post_to_private_accounts:
    'TikTok: this app is not audited, so it may only post SELF_ONLY (set SOKU_TIKTOK_APP_AUDITED=false to refuse other levels up front)',
};

/** TikTok's `{data, error: {code, message, log_id}}`: `ok` or a classified PublishError. */
export function tiktokFailure(answer: PlatformAnswer, quotaRetryMs: number): PublishError | null {
  const error = asObject(answer.json.error);
  const code = asString(error.code) ?? (answer.status >= 400 ? `http_${answer.status}` : 'ok');
  if (code === 'ok' && answer.status < 400) {
    return null;
  }
  const message = `TikTok: ${asString(error.message) ?? code}${asString(error.log_id) ? ` (log_id ${String(error.log_id)})` : ''}`;
  if (AUTH.has(code) || answer.status === 401) {
    return new PublishError('auth', code, message);
  }
  if (code in FINAL) {
    return new PublishError('permanent', code, `${FINAL[code]} (${message})`);
  }
  if (QUOTA.has(code)) {
    return new PublishError('deferred', code, message, quotaRetryMs);
  }
  if (RETRYABLE.has(code) || answer.status === 429 || answer.status >= 500) {
    return retryableFailure(answer, code, message);
  }
  return new PublishError('permanent', code, message);
}
