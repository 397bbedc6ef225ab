import { PublishError } from '../platform-connector';

/** Meta's error envelope: `{"error":{"message","type","code","error_subcode","is_transient",…}}`. */
export interface GraphErrorBody {
  message?: string;
  type?: string;
  code?: number;
  error_subcode?: number;
  is_transient?: boolean;
  error_user_title?: string;
  error_user_msg?: string;
}

const MINUTE = 60_000;
/** Throttling without a usage header: Meta's windows are rolling hours; look again in a while. */
const THROTTLE_FALLBACK_MS = 15 * MINUTE;
/** Instagram's publishing limit is a rolling 24 hours. */
const DAILY_LIMIT_MS = 24 * 60 * MINUTE;

const AUTH_CODES = new Set([102, 190, 10]);
const THROTTLE_CODES = new Set([4, 17, 32, 613, 80001, 80002, 80004]);
/**
 * 1/2 unknown/temporary, 341 app limit hiccup, 1363047/1609010 service unavailable, 1390008 slow
 * down, 2207001/2207003 server error or download timeout, 2207027 media not ready yet, 2207052
 * media fetch failed.
 */
const RETRYABLE_CODES = new Set([1, 2, 341]);
const RETRYABLE_SUBCODES = new Set([1363047, 1609010, 1390008, 2207001, 2207003, 2207027, 2207052]);

/** Validation answers with a stable code of ours; anything else refused is `platform_rejected`. */
const PERMANENT_CODES: Record<number, string> = {
  506: 'duplicate_content',
  1366046: 'image_too_large',
  2207004: 'image_too_large',
  2207005: 'unsupported_media_type',
  2207009: 'invalid_aspect_ratio',
  36003: 'invalid_aspect_ratio',
  2207010: 'caption_too_long',
  2207026: 'unsupported_media_type',
  2207028: 'invalid_carousel',
  2207050: 'account_restricted',
  1346003: 'content_policy',
  1404102: 'content_policy',
};

/** What the platform said, as kept on the run: `(#code/subcode) message`. */
export function describeGraphError(error: GraphErrorBody, status: number): string {
  const code = error.code === undefined ? `HTTP ${status}` : `#${error.code}`;
  const sub = error.error_subcode === undefined ? '' : `/${error.error_subcode}`;
  // Graph messages often begin with their own "(#506) ": the code is given once, in front.
  const text = (error.error_user_msg || error.message || 'no message').replace(/^\(#\d+\)\s*/, '');
  return `(${code}${sub}) ${text}`;
}

/**
 * Turns a Graph API refusal into the common classes: expired or revoked tokens and missing
 * permissions are `auth`; throttling and the publishing limit are `deferred` to the window's end
 * (from the usage headers); transient errors are `retryable`; everything else is the content's
 * fault and `permanent`.
 */
export function classifyGraphError(
  status: number,
  error: GraphErrorBody | undefined,
  headers: Headers,
  platformName: string,
): PublishError {
  const body = error ?? {};
  const message = `${platformName}: ${describeGraphError(body, status)}`;
  const code = body.code;
  const subcode = body.error_subcode;
  if (code === 506 || subcode === 506) {
    return new PublishError('permanent', 'duplicate_content', message);
  }
  // Spam restriction comes as code 4, Meta's throttling code: read it before code 4 is taken as
  // a window to wait out (Instagram error codes, "Error Codes Defined": 4 / 2207051).
  if (subcode === 2207051) {
    return new PublishError('permanent', 'account_restricted', message);
  }
  // Code -1: "try to re-create media" / "generate a new container" (same page, -1 / 2207032, 2207053).
  if (subcode === 2207032 || subcode === 2207053) {
    return new PublishError('retryable', 'container_failed', message);
  }
  if (subcode === 2207042 || code === 9) {
    return new PublishError(
      'deferred',
      'quota_exceeded',
      message,
      usageWaitMs(headers) ?? DAILY_LIMIT_MS,
    );
  }
  if (code === 368) {
    return new PublishError(
      'deferred',
      'temporarily_blocked',
      message,
      usageWaitMs(headers) ?? 60 * MINUTE,
    );
  }
  if ((code !== undefined && THROTTLE_CODES.has(code)) || status === 429) {
    return new PublishError(
      'deferred',
      'rate_limited',
      message,
      usageWaitMs(headers) ?? THROTTLE_FALLBACK_MS,
    );
  }
  if (
    status === 401 ||
    (code !== undefined && (AUTH_CODES.has(code) || (code >= 200 && code <= 299))) ||
    subcode === 1404078
  ) {
    return new PublishError('auth', 'token_rejected', message);
  }
  if (subcode === 2207020) {
    return new PublishError('retryable', 'container_expired', message);
  }
  if (
    body.is_transient === true ||
    (code !== undefined && RETRYABLE_CODES.has(code)) ||
    (subcode !== undefined && RETRYABLE_SUBCODES.has(subcode)) ||
    status >= 500
  ) {
    return new PublishError('retryable', 'platform_unavailable', message);
  }
  const known =
    (subcode !== undefined ? PERMANENT_CODES[subcode] : undefined) ??
    (code !== undefined ? PERMANENT_CODES[code] : undefined);
  return new PublishError('permanent', known ?? 'platform_rejected', message);
}

/**
 * How long until Meta lets this app/Page call again: the largest
 * `estimated_time_to_regain_access` (minutes) in X-Business-Use-Case-Usage, or an hour when
 * X-App-Usage / X-Ad-Account-Usage shows a budget at 100 %.
 */
export function usageWaitMs(headers: Headers): number | undefined {
  let minutes = 0;
  const buc = parseJson(headers.get('x-business-use-case-usage'));
  if (buc && typeof buc === 'object') {
    for (const entries of Object.values(buc as Record<string, unknown>)) {
      for (const entry of Array.isArray(entries) ? entries : []) {
        const wait = Number((entry as Record<string, unknown>).estimated_time_to_regain_access);
        if (Number.isFinite(wait)) {
          minutes = Math.max(minutes, wait);
        }
      }
    }
  }
  if (minutes > 0) {
    return minutes * MINUTE;
  }
  for (const name of ['x-app-usage', 'x-page-usage']) {
    const usage = parseJson(headers.get(name));
    if (
      usage &&
      typeof usage === 'object' &&
      Object.values(usage as Record<string, unknown>).some((value) => Number(value) >= 100)
    ) {
      return 60 * MINUTE;
    }
  }
  return undefined;
}

function parseJson(text: string | null): unknown {
  if (!text) {
    return undefined;
  }
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
