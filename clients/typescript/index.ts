/**
 * Soku's TypeScript client: the types are generated from the committed openapi.json
 * (`npm run client:generate`), the calls are openapi-fetch's, so every path, parameter, body and
 * response is checked by the compiler.
 */
import createClient, { type Client, type ClientOptions } from 'openapi-fetch';
import type { components, paths } from './schema.js';

export type { components, operations, paths } from './schema.js';

/** Every schema of the API by name, e.g. `Schemas['PostSubmissionDto']`. */
export type Schemas = components['schemas'];
export type ErrorEnvelope = Schemas['ErrorEnvelopeDto'];
export type SokuClient = Client<paths>;

export interface SokuClientOptions {
  /** Where Soku runs, e.g. `http://localhost:3000` (no `/v1`). */
  baseUrl: string;
  /** Sent as `soku-api-key`: what the publishing endpoints take. */
  apiKey?: string;
  /** Sent as `Authorization: Bearer …`: what `/v1/api-keys` takes. */
  idToken?: string;
  /** Extra headers on every request. */
  headers?: Record<string, string>;
  /** A fetch to use instead of the global one. */
  fetch?: ClientOptions['fetch'];
}

export function createSokuClient(options: SokuClientOptions): SokuClient {
  const headers: Record<string, string> = { ...options.headers };
  if (options.apiKey !== undefined) {
    headers['soku-api-key'] = options.apiKey;
  }
  if (options.idToken !== undefined) {
    headers.Authorization = `Bearer ${options.idToken}`;
  }
  return createClient<paths>({
    baseUrl: options.baseUrl.replace(/\/+$/, ''),
    headers,
    ...(options.fetch ? { fetch: options.fetch } : {}),
  });
}

/** A non-2xx answer: the v1 envelope's fields, and the request id to quote. */
export class SokuApiError extends Error {
  readonly status: number;
  readonly code: string;
  readonly requestId: string;
  readonly details: unknown;

  constructor(status: number, envelope: ErrorEnvelope | undefined) {
    super(envelope?.error.message ?? `HTTP ${status}`);
    this.name = 'SokuApiError';
    this.status = status;
    this.code = envelope?.error.code ?? 'unknown';
    this.requestId = envelope?.error.requestId ?? '';
    this.details = envelope?.error.details;
  }
}

/**
 * The data of a call's result, or a SokuApiError: `const post = unwrap(await soku.GET(...))`.
 */
export function unwrap<T>(result: { data?: T; error?: unknown; response: Response }): T {
  if (result.response.ok && result.data !== undefined) {
    return result.data;
  }
  throw new SokuApiError(result.response.status, result.error as ErrorEnvelope | undefined);
}
