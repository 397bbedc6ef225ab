/**
 * A `Retry-After` value (RFC 9110 §10.2.3: delay-seconds or an HTTP date) as milliseconds from
 * `now`; a past date or a negative number is 0, anything unreadable undefined. Decimals are read
 * as given, since some peers send them.
 */
export function parseRetryAfter(
  value: string | null | undefined,
  now = Date.now(),
): number | undefined {
  const text = value?.trim();
  if (!text) {
    return undefined;
  }
  if (/^[+-]?\d+(\.\d+)?$/.test(text)) {
    return Math.max(0, Number(text) * 1000);
  }
  const at = Date.parse(text);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now);
}
