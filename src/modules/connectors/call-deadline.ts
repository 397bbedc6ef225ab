import { AsyncLocalStorage } from 'node:async_hooks';

const deadline = new AsyncLocalStorage<AbortSignal>();

/**
 * Runs a connector call under the publisher's deadline: every platform HTTP request it makes, in
 * whichever helper, is aborted with it. Once the publisher has stopped waiting (and may be asking
 * the platform whether the post exists), a call still running must not go on to make the post.
 */
export function withCallDeadline<T>(signal: AbortSignal, call: () => Promise<T>): Promise<T> {
  return deadline.run(signal, call);
}

/** The signal for one HTTP request: its own timeout, and the deadline of the call it is part of. */
export function requestSignal(timeoutMs: number): AbortSignal {
  const timeout = AbortSignal.timeout(timeoutMs);
  const outer = deadline.getStore();
  return outer ? AbortSignal.any([timeout, outer]) : timeout;
}

/** Platforms answer with small JSON documents; anything bigger is not an answer to read. */
export const MAX_PLATFORM_ANSWER_BYTES = 4 * 1024 * 1024;

export class OversizedAnswerError extends Error {
  constructor(platformName: string) {
    super(`${platformName} answered with more than ${MAX_PLATFORM_ANSWER_BYTES} bytes`);
  }
}

/** The body as text, refusing (and cancelling) one past MAX_PLATFORM_ANSWER_BYTES. */
export async function readAnswer(
  body: AsyncIterable<Uint8Array> | null,
  platformName: string,
): Promise<string> {
  if (!body) {
    return '';
  }
  const chunks: Uint8Array[] = [];
  let size = 0;
  for await (const chunk of body) {
    size += chunk.byteLength;
    if (size > MAX_PLATFORM_ANSWER_BYTES) {
      break; // leaving the loop destroys the stream: the rest is never downloaded
    }
    chunks.push(chunk);
  }
  if (size > MAX_PLATFORM_ANSWER_BYTES) {
    throw new OversizedAnswerError(platformName);
  }
  return Buffer.concat(chunks).toString('utf8');
}
