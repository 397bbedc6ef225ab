import { deferralExhausted, retryDelayMs } from './retry-policy';

describe('retryDelayMs', () => {
  it('should double per attempt, jittered within the upper half', () => {
    expect(retryDelayMs(1, 1000, undefined, () => 0)).toBe(500);
    expect(retryDelayMs(1, 1000, undefined, () => 1)).toBe(1000);
    expect(retryDelayMs(3, 1000, undefined, () => 1)).toBe(4000);
  });

  it('should honour the platform Retry-After', () => {
    expect(retryDelayMs(1, 1000, 30_000, () => 1)).toBe(30_000);
  });

  it('should cap at an hour', () => {
    expect(retryDelayMs(30, 1000, undefined, () => 1)).toBe(3_600_000);
  });

  // Computed by the hand-rolled formula this policy replaced: the shared backoff must match it.
  it.each([
    [1, 0, 500],
    [1, 0.25, 625],
    [1, 0.5, 750],
    [1, 0.999, 1000],
    [2, 0, 1000],
    [2, 0.25, 1250],
    [2, 0.5, 1500],
    [2, 0.999, 1999],
    [3, 0, 2000],
    [3, 0.25, 2500],
    [3, 0.5, 3000],
    [3, 0.999, 3998],
    [5, 0, 8000],
    [5, 0.25, 10000],
    [5, 0.5, 12000],
    [5, 0.999, 15992],
    [8, 0, 64000],
    [8, 0.25, 80000],
    [8, 0.5, 96000],
    [8, 0.999, 127936],
    [12, 0, 1024000],
    [12, 0.25, 1280000],
    [12, 0.5, 1536000],
    [12, 0.999, 2046976],
    [13, 0, 1800000],
    [13, 0.25, 2250000],
    [13, 0.5, 2700000],
    [13, 0.999, 3598200],
    [40, 0, 1800000],
    [40, 0.25, 2250000],
    [40, 0.5, 2700000],
    [40, 0.999, 3598200],
  ])('should wait as before: attempt %d, random %d -> %d ms', (attempt, random, expected) => {
    expect(retryDelayMs(attempt, 1000, undefined, () => random)).toBe(expected);
  });
});

describe('deferralExhausted', () => {
  const hour = 3_600_000;
  const now = Date.parse('2026-12-06T12:00:00Z');

  it('should let a first deferral within the bound wait', () => {
    expect(deferralExhausted(null, 15 * 60_000, 2 * hour, now)).toBe(false);
  });

  it('should stop a first deferral that asks to wait past the bound', () => {
    expect(deferralExhausted(null, 3 * hour, 2 * hour, now)).toBe(true);
  });

  it('should count from the first deferral, so short ones repeated forever end', () => {
    const since = new Date(now - 2 * hour + 10 * 60_000);
    expect(deferralExhausted(since, 5 * 60_000, 2 * hour, now)).toBe(false);
    expect(deferralExhausted(since, 15 * 60_000, 2 * hour, now)).toBe(true);
  });
});
