import type { IncomingHttpHeaders } from 'node:http';
import { request, type Dispatcher } from 'undici';
import { parseJsonObject } from '../../common/http/json-object';
import { parseRetryAfter } from '../../common/http/retry-after';
import { networkCause } from '../../common/http/network-cause';
import { OversizedAnswerError, readAnswer, requestSignal } from './call-deadline';
import { PublishError } from './platform-connector';
import { UnansweredCallError } from './unanswered-call';
import { PACKAGE } from '../../common/package-info';

export interface PlatformCall {
  method: 'GET' | 'POST' | 'PUT' | 'DELETE';
  url: string;
  headers?: Record<string, string>;
  /** Sent as application/json. */
  json?: unknown;
  body?: Buffer | FormData | URLSearchParams;
  /**
   * A call that can make the post (create tweet, media_publish, /rest/posts, the chunk that
   * completes an upload that publishes itself): when it gets no answer the post may exist.
   */
  irreversible?: boolean;
}

export interface PlatformCallOptions {
  timeoutMs: number;
  /** For messages: "X", "Instagram"… */
  platformName: string;
}

export interface PlatformAnswer {
  status: number;
  headers: Headers;
  text: string;
  /** The body parsed as a JSON object, or an empty object when it is not one. */
  json: Record<string, unknown>;
}

const USER_AGENT = `Soku/${PACKAGE.version}`;

/** The statuses fetch would follow (https://fetch.spec.whatwg.org/#redirect-status) when a Location names where. */
const REDIRECT_STATUSES = new Set([301, 302, 303, 307, 308]);

/**
 * One HTTP call to a platform, the only way connectors reach one. The rules:
 * - Every HTTP status is an answer for the connector to classify, except a redirect: it is never
 *   followed (the token would go to another host, or the call to an internal address) and is a
 *   permanent `unexpected_redirect`, since the same call would be redirected again. A 3xx without
 *   a Location is an answer (YouTube's 308 Resume Incomplete).
 * - No answer (network failure, timeout, the publisher's deadline, an answer past the size cap):
 *   for the irreversible call an UnansweredCallError, so the Publisher asks the platform whether
 *   the post exists before anything is sent again; for any other step a retryable PublishError,
 *   since nothing public was made.
 */
export async function callPlatform(
  call: PlatformCall,
  options: PlatformCallOptions,
): Promise<PlatformAnswer> {
  const headers: Record<string, string> = {
    Accept: 'application/json',
    'User-Agent': USER_AGENT,
    ...call.headers,
  };
  let body: string | Buffer | undefined;
  if (call.json !== undefined) {
    headers['Content-Type'] = 'application/json';
    body = JSON.stringify(call.json);
  } else if (call.body instanceof URLSearchParams) {
    // What fetch would send for URLSearchParams; undici's request takes the string.
    headers['Content-Type'] ??= 'application/x-www-form-urlencoded;charset=UTF-8';
    body = call.body.toString();
  } else if (call.body instanceof FormData) {
    // undici's request reads only its own FormData class, not Node's global one: encode it
    // here, with Node's own multipart encoder. The parts are upload chunks, a few MB at most.
    const encoded = new Response(call.body);
    headers['Content-Type'] = encoded.headers.get('content-type')!;
    body = Buffer.from(await encoded.arrayBuffer());
  } else {
    body = call.body;
  }
  let answer: Dispatcher.ResponseData;
  let text: string;
  try {
    // undici's request, not fetch: a third of fetch's CPU per call, and a worker makes
    // hundreds at once. It never follows a redirect (no redirect interceptor is set).
    answer = await request(call.url, {
      method: call.method,
      headers,
      body,
      signal: requestSignal(options.timeoutMs),
    });
    if (REDIRECT_STATUSES.has(answer.statusCode) && answer.headers.location !== undefined) {
      await answer.body.dump();
      throw new PublishError(
        'permanent',
        'unexpected_redirect',
        `${options.platformName} redirected the call (HTTP ${answer.statusCode}); platform calls never follow a redirect`,
      );
    }
    text = await readAnswer(answer.body, options.platformName);
  } catch (error) {
    throw error instanceof PublishError ? error : noAnswer(error, call, options);
  }
  return {
    status: answer.statusCode,
    headers: toHeaders(answer.headers),
    text,
    json: parseJsonObject(text) ?? {},
  };
}

function toHeaders(raw: IncomingHttpHeaders): Headers {
  const headers = new Headers();
  for (const [name, value] of Object.entries(raw)) {
    if (Array.isArray(value)) {
      value.forEach((item) => headers.append(name, item));
    } else if (value !== undefined) {
      headers.append(name, value);
    }
  }
  return headers;
}

function noAnswer(error: unknown, call: PlatformCall, options: PlatformCallOptions): Error {
  const oversized = error instanceof OversizedAnswerError;
  const reason = oversized
    ? error.message
    : (error as Error).name === 'TimeoutError'
      ? `${options.platformName} did not answer within ${options.timeoutMs} ms`
      : `${options.platformName} could not be reached (${networkCause(error)})`;
  if (call.irreversible) {
    // Whatever the answer said, it could not be read: whether the post exists must be checked.
    return new UnansweredCallError(reason);
  }
  return new PublishError(
    'retryable',
    oversized ? 'unexpected_response' : 'platform_unreachable',
    reason,
  );
}

/** Reads an id the platform must have sent; its absence is the platform's fault, so retryable. */
export function requireId(value: unknown, what: string, platformName: string): string {
  if ((typeof value === 'string' && value !== '') || typeof value === 'number') {
    return String(value);
  }
  throw new PublishError(
    'retryable',
    'unexpected_response',
    `${platformName} answered without ${what}`,
  );
}

/** A refusal worth another try (429, 5xx), after as long as the answer's Retry-After asks. */
export function retryableFailure(
  answer: PlatformAnswer,
  code: string,
  message: string,
): PublishError {
  return new PublishError(
    'retryable',
    code,
    message,
    parseRetryAfter(answer.headers.get('retry-after')),
  );
}

export function asObject(value: unknown): Record<string, unknown> {
  return value && typeof value === 'object' && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : {};
}

export function asString(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined;
}
