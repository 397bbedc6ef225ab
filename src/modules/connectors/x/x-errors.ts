import { PublishError } from '../platform-connector';

/** When nothing says when the window ends. */
const FALLBACK_WAIT_MS = 15 * 60_000;

/**
 * X's answers to failures: problem JSON (`{title,type,status,detail}`), sometimes with an
 * `errors` list, classified into the common classes. The platform's words are kept.
 */
export function classifyXError(
  status: number,
  body: Record<string, unknown> | undefined,
  headers: Headers,
): PublishError {
  const message = `X: ${describeXError(status, body)}`;
  const type = typeof body?.type === 'string' ? body.type : '';
  if (status === 429 || type.endsWith('/usage-capped')) {
    return new PublishError('deferred', 'rate_limited', message, xRetryAfterMs(headers));
  }
  if (status === 401 || (status === 403 && /unsupported authentication/i.test(message))) {
    return new PublishError('auth', 'token_rejected', message);
  }
  if (status >= 500) {
    return new PublishError('retryable', 'platform_unavailable', message);
  }
  if (status === 403 && /duplicate/i.test(message)) {
    return new PublishError('permanent', 'duplicate_content', message);
  }
  if (status === 403) {
    return new PublishError('permanent', 'forbidden', message);
  }
  return new PublishError(
    'permanent',
    status === 400 ? 'invalid_request' : 'platform_rejected',
    message,
  );
}

/** `detail`, else the first `errors[].message`, else the title: what X said, in its words. */
export function describeXError(status: number, body: Record<string, unknown> | undefined): string {
  const errors = Array.isArray(body?.errors) ? (body.errors as Record<string, unknown>[]) : [];
  const first = errors.find((error) => typeof error?.message === 'string')?.message as
    string | undefined;
  const detail = typeof body?.detail === 'string' ? body.detail : undefined;
  const title = typeof body?.title === 'string' ? body.title : undefined;
  const parts = [detail ?? title, first && first !== detail ? first : undefined].filter(Boolean);
  return parts.length > 0 ? parts.join(': ') : `HTTP ${status}`;
}

/**
 * Until the exhausted window resets: the 15-minute window (`x-rate-limit-*`) or the 24-hour user
 * or app caps (`x-user-limit-24hour-*`, `x-app-limit-24hour-*`), whichever is at zero and resets
 * last. Epoch seconds; X sends no Retry-After.
 */
export function xRetryAfterMs(headers: Headers, now = Date.now()): number {
  let latest: number | undefined;
  for (const prefix of ['x-rate-limit', 'x-user-limit-24hour', 'x-app-limit-24hour']) {
    const reset = Number(headers.get(`${prefix}-reset`));
    const remaining = headers.get(`${prefix}-remaining`);
    if (Number.isFinite(reset) && reset > 0 && (remaining === null || Number(remaining) <= 0)) {
      latest = Math.max(latest ?? 0, reset * 1000);
    }
  }
  return latest === undefined ? FALLBACK_WAIT_MS : Math.max(latest - now, 1000);
}
