import { parseRetryAfter } from '../../../common/http/retry-after';
import { nextDelayMs } from './retry-schedule';

describe('nextDelayMs', () => {
  const delays = [5000, 300_000];

  it('should wait the scheduled delay after each failed attempt, within 10% jitter', () => {
    expect(nextDelayMs(delays, 1, undefined, () => 0.5)).toBe(5000);
    expect(nextDelayMs(delays, 2, undefined, () => 1)).toBe(330_000);
    expect(nextDelayMs(delays, 1, undefined, () => 0)).toBe(4500);
  });

  it('should give up once every attempt of the schedule is spent', () => {
    expect(nextDelayMs(delays, 3)).toBeNull();
  });

  it('should honour a longer retry-after, capped at a day', () => {
    expect(nextDelayMs(delays, 1, 60_000, () => 0.5)).toBe(60_000);
    expect(nextDelayMs(delays, 1, 10 * 86_400_000, () => 0.5)).toBe(86_400_000);
  });

  // Computed by the hand-rolled formula this schedule replaced: the shared backoff must match it.
  const schedule = [5000, 300_000, 1_800_000, 7_200_000, 18_000_000, 36_000_000];
  it.each([
    [1, 0, 4500],
    [1, 0.25, 4750],
    [1, 0.5, 5000],
    [1, 0.999, 5499],
    [2, 0, 270000],
    [2, 0.25, 285000],
    [2, 0.5, 300000],
    [2, 0.999, 329940],
    [3, 0, 1620000],
    [3, 0.25, 1710000],
    [3, 0.5, 1800000],
    [3, 0.999, 1979640],
    [4, 0, 6480000],
    [4, 0.25, 6840000],
    [4, 0.5, 7200000],
    [4, 0.999, 7918560],
    [5, 0, 16200000],
    [5, 0.25, 17100000],
    [5, 0.5, 18000000],
    [5, 0.999, 19796400],
    [6, 0, 32400000],
    [6, 0.25, 34200000],
    [6, 0.5, 36000000],
    [6, 0.999, 39592800],
    [7, 0, null],
    [7, 0.25, null],
    [7, 0.5, null],
    [7, 0.999, null],
  ])('should wait as before: attempt %d, random %d -> %p ms', (attempt, random, expected) => {
    expect(nextDelayMs(schedule, attempt, undefined, () => random)).toBe(expected);
  });

  it('should answer null for an attempt count below one, as before', () => {
    expect(nextDelayMs(schedule, 0)).toBeNull();
  });
});

describe('parseRetryAfter', () => {
  it('should read seconds and HTTP dates', () => {
    expect(parseRetryAfter('120')).toBe(120_000);
    expect(parseRetryAfter('Thu, 01 Jan 1970 00:01:00 GMT', 0)).toBe(60_000);
    expect(parseRetryAfter('soon')).toBeUndefined();
    expect(parseRetryAfter(undefined)).toBeUndefined();
  });
});
