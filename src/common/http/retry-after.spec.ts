import { parseRetryAfter } from './retry-after';

describe('parseRetryAfter', () => {
  const now = Date.parse('2026-12-06T12:00:00Z');

  it('should read delay-seconds as milliseconds', () => {
    expect(parseRetryAfter('120')).toBe(120_000);
    expect(parseRetryAfter(' 30 ')).toBe(30_000);
    expect(parseRetryAfter('1.5')).toBe(1_500);
  });

  it('should read 0 and a negative number as no wait', () => {
    expect(parseRetryAfter('0')).toBe(0);
    expect(parseRetryAfter('-5')).toBe(0);
  });

  it('should read an HTTP date as the time until it, a past one as no wait', () => {
    expect(parseRetryAfter('Sun, 06 Dec 2026 12:01:00 GMT', now)).toBe(60_000);
    expect(parseRetryAfter('Thu, 01 Jan 1970 00:01:00 GMT', 0)).toBe(60_000);
    expect(parseRetryAfter('Sun, 06 Dec 2026 11:00:00 GMT', now)).toBe(0);
  });

  it('should read junk and an absent header as nothing', () => {
    expect(parseRetryAfter('soon')).toBeUndefined();
    expect(parseRetryAfter('12abc')).toBeUndefined();
    expect(parseRetryAfter('')).toBeUndefined();
    expect(parseRetryAfter(null)).toBeUndefined();
    expect(parseRetryAfter(undefined)).toBeUndefined();
  });
});
