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
});

describe('parseRetryAfter', () => {
  it('should read seconds and HTTP dates', () => {
    expect(parseRetryAfter('120')).toBe(120_000);
    expect(parseRetryAfter('Thu, 01 Jan 1970 00:01:00 GMT', 0)).toBe(60_000);
    expect(parseRetryAfter('soon')).toBeUndefined();
    expect(parseRetryAfter(undefined)).toBeUndefined();
  });
});
