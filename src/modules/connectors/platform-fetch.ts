import { parseJsonObject } from '../../common/http/json-object';
import { networkCause } from '../../common/http/network-cause';
import { OversizedAnswerError, readAnswer, requestSignal } from './call-deadline';
import { PublishError } from './platform-connector';
import { UnansweredCallError } from './unanswered-call';

export interface PlatformResponse {
  status: number;
  headers: Headers;
  /** The parsed JSON object, when the body was one. */
  json: Record<string, unknown> | undefined;
  text: string;
}

export interface PlatformFetchOptions {
  timeoutMs: number;
  /**
   * The call that makes the post (create tweet, media_publish, /feed): when it gets no answer the
   * post may exist, so the failure is an UnansweredCallError instead of a retryable one.
   */
  irreversible?: boolean;
  /** For messages: "X", "Instagram"… */
  platformName: string;
}

/**
 * One HTTP call to a platform, with a deadline. A network failure or timeout before any answer is
 * retryable for a reversible step (an upload, a container) and "unanswered" for the irreversible one.
 */
export async function platformFetch(
  url: string,
  init: RequestInit,
  options: PlatformFetchOptions,
): Promise<PlatformResponse> {
  let response: Response;
  let text: string;
  try {
    response = await fetch(url, {
      ...init,
      redirect: 'error',
      signal: requestSignal(options.timeoutMs),
    });
    text = await readAnswer(response, options.platformName);
  } catch (error) {
    const oversized = error instanceof OversizedAnswerError;
    const reason = oversized
      ? error.message
      : (error as Error).name === 'TimeoutError'
        ? `${options.platformName} did not answer within ${options.timeoutMs} ms`
        : `${options.platformName} could not be reached (${networkCause(error)})`;
    if (options.irreversible) {
      // Whatever the answer said, it could not be read: whether the post exists must be checked.
      throw new UnansweredCallError(reason);
    }
    throw new PublishError(
      'retryable',
      oversized ? 'unexpected_response' : 'platform_unreachable',
      reason,
    );
  }
  return { status: response.status, headers: response.headers, json: parseJsonObject(text), text };
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
