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
