import { parseJsonObject } from '../../../common/http/json-object';
import { networkCause } from '../../../common/http/network-cause';

/**
 * How a platform call failed, which decides what happens to the account:
 * - `invalid_grant`: the grant is dead (revoked, expired, replayed): the user must reconnect;
 * - `transient`: timeout, network, 429, 5xx: try again later, the account stays connected;
 * - `rejected`: any other refusal (bad client credentials, bad request): kept as the last error.
 */
export type OAuthFailureKind = 'invalid_grant' | 'transient' | 'rejected';

export class OAuthRequestError extends Error {
  constructor(
    readonly kind: OAuthFailureKind,
    /** The platform's own error text, with anything we sent it as a secret removed. */
    readonly platformMessage: string,
    readonly status?: number,
    /** Meta's numeric error code (`error.code`), when the platform is Meta. */
    readonly metaCode?: number,
  ) {
    super(platformMessage);
    this.name = 'OAuthRequestError';
  }
}

/** OAuth error codes that mean the grant itself is gone (X answers invalid_request for a bad refresh token). */
const DEAD_GRANT_ERRORS = new Set([
  'invalid_grant',
  'invalid_token',
  'invalid_request',
  'access_token_invalid',
]);
/** Meta: 190 = invalid or expired token. */
const META_DEAD_CODES = new Set([190]);
/** Meta: temporary or throttling errors. */
const META_TRANSIENT_CODES = new Set([1, 2, 4, 17, 32, 341, 613, 80001, 80002]);
const MAX_MESSAGE = 500;
const SECRET_FIELD = /token|secret|code|verifier|password/i;

export interface OAuthHttpRequest {
  method: 'GET' | 'POST';
  url: string;
  query?: Record<string, string>;
  form?: Record<string, string>;
  json?: unknown;
  headers?: Record<string, string>;
}

/** JSON over fetch with a timeout, turning every failure into a classified OAuthRequestError. */
export class OAuthHttp {
  constructor(private readonly timeoutMs: number) {}

  async request(req: OAuthHttpRequest): Promise<Record<string, unknown>> {
    const url = new URL(req.url);
    for (const [name, value] of Object.entries(req.query ?? {})) {
      url.searchParams.set(name, value);
    }
    const secrets = secretValues(req);
    const headers: Record<string, string> = { Accept: 'application/json', ...req.headers };
    let body: string | undefined;
    if (req.form) {
      headers['Content-Type'] = 'application/x-www-form-urlencoded';
      body = new URLSearchParams(req.form).toString();
    } else if (req.json !== undefined) {
      headers['Content-Type'] = 'application/json';
      body = JSON.stringify(req.json);
    }
    let response: Response;
    try {
      response = await fetch(url, {
        method: req.method,
        headers,
        body,
        redirect: 'error',
        signal: AbortSignal.timeout(this.timeoutMs),
      });
    } catch (error) {
      const timedOut = (error as Error).name === 'TimeoutError';
      throw new OAuthRequestError(
        'transient',
        timedOut
          ? `${url.host} did not answer within ${this.timeoutMs} ms`
          : `${url.host} could not be reached (${networkCause(error)})`,
      );
    }
    const text = await response.text();
    const parsed = parseJsonObject(text);
    if (!response.ok || isOAuthErrorBody(parsed)) {
      throw classify(response.status, parsed, text, secrets);
    }
    if (!parsed) {
      throw new OAuthRequestError(
        'rejected',
        `${url.host} answered with something other than JSON`,
        response.status,
      );
    }
    return parsed;
  }
}

/** Token endpoints that report errors with HTTP 200 (TikTok) still say `error` and no token. */
function isOAuthErrorBody(body: Record<string, unknown> | undefined): boolean {
  return typeof body?.error === 'string' && body.access_token === undefined;
}

function classify(
  status: number,
  body: Record<string, unknown> | undefined,
  text: string,
  secrets: string[],
): OAuthRequestError {
  const { code, message, metaCode, transientFlag } = describe(body, text, status);
  const platformMessage = redact(message, secrets).slice(0, MAX_MESSAGE);
  let kind: OAuthFailureKind = 'rejected';
  if (status === 408 || status === 425 || status === 429 || status >= 500 || transientFlag) {
    kind = 'transient';
  } else if (metaCode !== undefined && META_TRANSIENT_CODES.has(metaCode)) {
    kind = 'transient';
  } else if (
    (metaCode !== undefined && META_DEAD_CODES.has(metaCode)) ||
    DEAD_GRANT_ERRORS.has(code ?? '')
  ) {
    kind = 'invalid_grant';
  }
  return new OAuthRequestError(kind, platformMessage, status, metaCode);
}

interface ErrorDescription {
  code?: string;
  message: string;
  metaCode?: number;
  transientFlag?: boolean;
}

/** The error shapes seen in the wild: RFC 6749, Meta's `error{}`, TikTok's `error{code,message}`. */
function describe(
  body: Record<string, unknown> | undefined,
  text: string,
  status: number,
): ErrorDescription {
  const error = body?.error;
  if (typeof error === 'string') {
    const description =
      typeof body?.error_description === 'string' ? body.error_description : undefined;
    return { code: error, message: description ? `${error}: ${description}` : error };
  }
  if (error && typeof error === 'object') {
    const e = error as Record<string, unknown>;
    const metaCode = typeof e.code === 'number' ? e.code : undefined;
    const code = typeof e.code === 'string' ? e.code : undefined;
    const message = typeof e.message === 'string' ? e.message : JSON.stringify(e);
    return {
      code,
      metaCode,
      transientFlag: e.is_transient === true,
      message: code
        ? `${code}: ${message}`
        : metaCode !== undefined
          ? `(#${metaCode}) ${message}`
          : message,
    };
  }
  if (typeof body?.message === 'string') {
    return { message: body.message };
  }
  return { message: text.trim() ? `HTTP ${status}: ${text.trim()}` : `HTTP ${status}` };
}

function secretValues(req: OAuthHttpRequest): string[] {
  const fields = { ...req.query, ...req.form };
  const values = Object.entries(fields)
    .filter(([name]) => SECRET_FIELD.test(name))
    .map(([, value]) => value);
  const auth = req.headers?.Authorization?.split(' ')[1];
  return [...values, ...(auth ? [auth] : [])].filter((value) => value.length >= 4);
}

function redact(message: string, secrets: string[]): string {
  return secrets.reduce((text, secret) => text.split(secret).join('[redacted]'), message);
}
