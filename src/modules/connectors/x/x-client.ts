import { PublishError } from '../platform-connector';
import { callPlatform } from '../platform-http';
import { UnansweredCallError } from '../unanswered-call';
import { classifyXError } from './x-errors';

export interface XCall {
  method: 'GET' | 'POST';
  path: string;
  query?: Record<string, string>;
  json?: unknown;
  form?: FormData;
  irreversible?: boolean;
}

/** X API v2 with the user's OAuth 2.0 bearer token. */
export class XClient {
  constructor(
    private readonly base: string,
    private readonly timeoutMs: number,
    private readonly accessToken: string,
  ) {}

  async call(call: XCall): Promise<Record<string, unknown>> {
    const url = new URL(`${this.base}${call.path}`);
    for (const [name, value] of Object.entries(call.query ?? {})) {
      url.searchParams.set(name, value);
    }
    const response = await callPlatform(
      {
        method: call.method,
        url: url.toString(),
        headers: { Authorization: `Bearer ${this.accessToken}` },
        json: call.json,
        body: call.form,
        irreversible: call.irreversible,
      },
      { timeoutMs: this.timeoutMs, platformName: 'X' },
    );
    if (response.status >= 200 && response.status < 300) {
      return response.json;
    }
    const error = classifyXError(response.status, response.json, response.headers);
    if (call.irreversible && error.kind === 'retryable') {
      // A 5xx on POST /2/tweets may have posted anyway.
      throw new UnansweredCallError(error.message);
    }
    throw error;
  }
}

/** `data` of an X answer, which every successful v2 answer has. */
export function dataOf(body: Record<string, unknown>): Record<string, unknown> {
  const data = body.data;
  if (!data || typeof data !== 'object' || Array.isArray(data)) {
    throw new PublishError('retryable', 'unexpected_response', 'X answered without data');
  }
  return data as Record<string, unknown>;
}
