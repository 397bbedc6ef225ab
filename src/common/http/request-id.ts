import { randomUUID } from 'node:crypto';

const PRINTABLE_ASCII = /^[\x21-\x7e](?:[\x20-\x7e]*[\x21-\x7e])?$/;
export const MAX_REQUEST_ID_LENGTH = 128;

/**
 * The client's X-Request-ID when it is safe to echo into headers and logs (printable ASCII, at
 * most 128 characters, no surrounding spaces); otherwise a fresh UUID.
 */
export function resolveRequestId(header: string | string[] | undefined): string {
  const candidate = Array.isArray(header) ? header[0] : header;
  if (
    candidate !== undefined &&
    candidate.length <= MAX_REQUEST_ID_LENGTH &&
    PRINTABLE_ASCII.test(candidate)
  ) {
    return candidate;
  }
  return randomUUID();
}
