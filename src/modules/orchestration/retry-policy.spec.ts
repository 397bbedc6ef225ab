import { retryDelayMs } from './retry-policy';

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
