/**
 * Query parameters whose value is a credential (lower-cased): Soku's own (`soku-api-key`, the
 * signed upload URL's `signature`, the metrics `token`), OAuth's (RFC 6749 `code`, `state` and
 * the token names) and S3 presigned URLs' (`X-Amz-Signature`, `X-Amz-Credential`,
 * `X-Amz-Security-Token`).
 */
const CREDENTIAL_PARAMS = new Set([
  'soku-api-key',
  'signature',
  'sig',
  'token',
  'access_token',
  'refresh_token',
  'id_token',
  'code',
  'state',
  'client_secret',
  'secret',
  'password',
  'api_key',
  'apikey',
  'key',
  'x-amz-signature',
  'x-amz-credential',
  'x-amz-security-token',
]);

export const REDACTED = 'REDACTED';

/** Anything shaped like a Soku API key (`sk_live_…`, `sk_test_…`). */
const API_KEY_SHAPE = /\bsk_(live|test)_[0-9A-Za-z]+/g;

/** The query string of `originalUrl` with every credential value replaced; undefined if none. */
export function redactedQuery(originalUrl: string): string | undefined {
  const at = originalUrl.indexOf('?');
  if (at < 0 || at === originalUrl.length - 1) {
    return undefined;
  }
  const params = new URLSearchParams(originalUrl.slice(at + 1));
  const redacted = new URLSearchParams();
  for (const [name, value] of params) {
    redacted.append(name, CREDENTIAL_PARAMS.has(name.toLowerCase()) ? REDACTED : value);
  }
  return redacted.toString();
}

/** The path of `originalUrl`, without its query string. */
export function pathOf(originalUrl: string): string {
  const at = originalUrl.indexOf('?');
  return at < 0 ? originalUrl : originalUrl.slice(0, at);
}

/** `line` with every API-key-shaped string replaced, wherever it appears (messages, errors). */
export function redactApiKeys(line: string): string {
  return line.replace(API_KEY_SHAPE, (_match, kind: string) => `sk_${kind}_${REDACTED}`);
}
