import type { SokuConfig } from '../../../config/soku-config';
import { platformApiBase } from '../../../config/platform-api-hosts';
import { PublishError } from '../platform-connector';
import { parseJsonObject } from '../../../common/http/json-object';
import { callPlatform } from '../platform-http';
import { UnansweredCallError } from '../unanswered-call';
import { classifyGraphError } from './graph-errors';

export interface GraphCall {
  method: 'GET' | 'POST';
  /** After the version: `/{ig-user-id}/media`. */
  path: string;
  params?: Record<string, string>;
  accessToken: string;
  /** The call that makes the post: no answer means "maybe posted" (see UnansweredCallError). */
  irreversible?: boolean;
}

/**
 * Facebook's and Threads' Graph APIs: parameters as query (GET) or form (POST) fields, the token
 * as `access_token` the way Meta's reference shows it, and every refusal classified.
 */
export class GraphClient {
  constructor(
    /** e.g. https://graph.facebook.com/v23.0 */
    private readonly root: string,
    private readonly timeoutMs: number,
    readonly platformName: string,
  ) {}

  async call(call: GraphCall): Promise<Record<string, unknown>> {
    const params = { ...call.params, access_token: call.accessToken };
    const url = new URL(`${this.root}${call.path}`);
    let body: URLSearchParams | undefined;
    if (call.method === 'GET') {
      for (const [name, value] of Object.entries(params)) {
        url.searchParams.set(name, value);
      }
    } else {
      body = new URLSearchParams(params);
    }
    const response = await callPlatform(
      { method: call.method, url: url.toString(), body, irreversible: call.irreversible },
      { timeoutMs: this.timeoutMs, platformName: this.platformName },
    );
    const error = response.json.error;
    const ok = response.status >= 200 && response.status < 300;
    if (ok && !error) {
      if (isJsonObject(response.json, response.text)) {
        return response.json;
      }
      throw new PublishError(
        'retryable',
        'unexpected_response',
        `${this.platformName} answered with something other than JSON`,
      );
    }
    const classified = classifyGraphError(
      response.status,
      error && typeof error === 'object' ? error : undefined,
      response.headers,
      this.platformName,
    );
    if (call.irreversible && classified.kind === 'retryable') {
      // A 5xx or "unknown error" on the publishing call may have published anyway.
      throw new UnansweredCallError(classified.message);
    }
    throw classified;
  }

  /**
   * One field of a published object (its permalink): the post exists whatever happens here, so a
   * failure only loses the field.
   */
  async readField(id: string, field: string, accessToken: string): Promise<string | null> {
    try {
      const body = await this.call({
        method: 'GET',
        path: `/${id}`,
        params: { fields: field },
        accessToken,
      });
      return typeof body[field] === 'string' ? body[field] : null;
    } catch {
      return null;
    }
  }
}

/** A Graph client for a platform at its configured base (`SOKU_<PLATFORM>_API_BASE`) and version. */
export function graphClientFor(
  config: SokuConfig,
  platform: 'instagram' | 'facebook' | 'threads',
  version: string,
  platformName: string,
): GraphClient {
  return new GraphClient(
    `${platformApiBase(config, platform)}/${version}`,
    config.platformApi.timeoutMs,
    platformName,
  );
}

/** An empty `json` is either the answer `{}` or a body that was not a JSON object. */
function isJsonObject(json: Record<string, unknown>, text: string): boolean {
  return Object.keys(json).length > 0 || parseJsonObject(text) !== undefined;
}
