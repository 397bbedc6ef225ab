import { createHash } from 'node:crypto';
import { ValidationFailedError } from '../../common/errors';

export const IDEMPOTENCY_HEADER = 'Idempotency-Key';
const PRINTABLE_ASCII = /^[\x20-\x7e]{1,255}$/;

export function sha256(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

/** The explicit key, undefined when absent, or a 400 when it is not 1–255 printable ASCII. */
export function parseIdempotencyKey(header: string | string[] | undefined): string | undefined {
  if (header === undefined) {
    return undefined;
  }
  const value = Array.isArray(header) ? header.join(', ') : header;
  if (!PRINTABLE_ASCII.test(value)) {
    throw new ValidationFailedError(
      [
        {
          field: 'headers.idempotency-key',
          message: 'Idempotency-Key must be 1 to 255 printable ASCII characters',
          code: 'invalid_string',
        },
      ],
      'Invalid Idempotency-Key header',
    );
  }
  return value;
}

/** JSON with object keys sorted at every level: equal for bodies that differ only in key order. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) {
    return `[${value.map((item) => canonicalJson(item ?? null)).join(',')}]`;
  }
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, item]) => item !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([key, item]) => `${JSON.stringify(key)}:${canonicalJson(item)}`).join(',')}}`;
  }
  return JSON.stringify(value ?? null);
}

/** The key used when the client sends none: the same user, endpoint and body give the same key. */
export function derivedIdempotencyKey(userId: string, endpoint: string, bodyHash: string): string {
  return `auto_${sha256(`${userId}\n${endpoint}\n${bodyHash}`)}`;
}
