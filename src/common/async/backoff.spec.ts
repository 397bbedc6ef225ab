import { type BackoffPolicy, delayFor } from './backoff';

const exponential: BackoffPolicy = {
  steps: { baseMs: 1000, factor: 2, maxMs: 10_000 },
  jitter: { below: 0, above: 0 },
};
const scheduled: BackoffPolicy = {
  steps: { scheduleMs: [5000, 60_000] },
  jitter: { below: 0.1, above: 0.1 },
  maxRetryAfterMs: 120_000,
};

describe('delayFor', () => {
  it('should grow by the factor and stop at the cap', () => {
    expect([1, 2, 3, 4, 5, 9].map((retry) => delayFor(exponential, retry))).toEqual([
      1000, 2000, 4000, 8000, 10_000, 10_000,
    ]);
  });

  it('should follow a schedule and keep its last step past the end', () => {
    const middle = { random: () => 0.5 };
    expect([1, 2, 3].map((retry) => delayFor(scheduled, retry, middle))).toEqual([
      5000, 60_000, 60_000,
    ]);
  });

  it('should spread the wait over the jitter band, ends included', () => {
    expect(delayFor(scheduled, 1, { random: () => 0 })).toBe(4500);
    expect(delayFor(scheduled, 1, { random: () => 1 })).toBe(5500);
  });

  it('should honour a longer Retry-After up to its bound', () => {
    expect(delayFor(exponential, 1, { retryAfterMs: 30_000 })).toBe(30_000);
    expect(delayFor(exponential, 1, { retryAfterMs: 500 })).toBe(1000);
    expect(delayFor(scheduled, 1, { retryAfterMs: 10 * 86_400_000 })).toBe(120_000);
  });
});
