import { parseJsonObject } from '../../common/http/json-object';
import { readAnswer, requestSignal } from './call-deadline';

export interface PlatformCall {
  method: 'GET' | 'POST' | 'PUT';
  url: string;
  headers?: Record<string, string>;
  /** Sent as application/json. */
  json?: unknown;
  body?: Buffer | FormData;
}

export interface PlatformAnswer {
  status: number;
  headers: Headers;
  text: string;
  /** The body parsed as a JSON object, or an empty object when it is not one. */
  json: Record<string, unknown>;
}

/**
 * One HTTP call to a platform. Every HTTP status is an answer for the connector to classify; a
 * network failure or timeout throws a plain Error, which the Publisher treats as "no answer" and
 * settles through `findPublished`.
 */
export async function callPlatform(call: PlatformCall, timeoutMs: number): Promise<PlatformAnswer> {
  const headers: Record<string, string> = { Accept: 'application/json', ...call.headers };
  let body: Buffer | FormData | string | undefined = call.body;
  if (call.json !== undefined) {
    headers['Content-Type'] = 'application/json';
    body = JSON.stringify(call.json);
  }
  const response = await fetch(call.url, {
    method: call.method,
    headers,
    body,
    redirect: 'manual',
    signal: requestSignal(timeoutMs),
  });
  const text = await readAnswer(response, new URL(call.url).host);
  return {
    status: response.status,
    headers: response.headers,
    text,
    json: parseJsonObject(text) ?? {},
  };
}

/** Retry-After in seconds (or an HTTP date) as milliseconds, when the platform sent one. */
export function retryAfterMs(headers: Headers): number | undefined {
  const value = headers.get('retry-after');
  if (!value) {
    return undefined;
  }
  const seconds = Number(value);
  if (Number.isFinite(seconds)) {
    return Math.max(0, seconds * 1000);
  }
  const at = Date.parse(value);
  return Number.isNaN(at) ? undefined : Math.max(0, at - Date.now());
}

export function asObject(value: unknown): Record<string, unknown> {
  return value && typeof value === 'object' && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : {};
}

export function asString(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined;
}
