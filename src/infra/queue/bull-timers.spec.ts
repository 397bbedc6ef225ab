import TimerManager from 'bull/lib/timer-manager';
import { countBullTimersInConstantTime } from './bull-timers';

describe('countBullTimersInConstantTime (Bull TimerManager on a Map)', () => {
  beforeAll(() => countBullTimersInConstantTime());
  beforeEach(() => jest.useFakeTimers());
  afterEach(() => jest.useRealTimers());

  it('should run a timer once, then count it gone', async () => {
    const timers = new TimerManager();
    const fn = jest.fn();
    timers.set('lockExtender', 5000, fn);
    expect(timers.idle).toBe(false);
    jest.advanceTimersByTime(5000);
    expect(fn).toHaveBeenCalledTimes(1);
    expect(timers.idle).toBe(true);
    await expect(timers.whenIdle()).resolves.toBeUndefined();
  });

  it('should resolve whenIdle only when the last of several timers is cleared', async () => {
    const timers = new TimerManager();
    const ids = [1, 2, 3].map(() => timers.set('lockExtender', 5000, jest.fn()));
    let idle = false;
    const waiting = timers.whenIdle().then(() => (idle = true));
    timers.clear(ids[0]);
    timers.clear(ids[0]); // a second clear of one id counts nothing
    timers.clear(ids[1]);
    await Promise.resolve();
    expect(idle).toBe(false);
    timers.clear(ids[2]);
    await waiting;
    expect(idle).toBe(true);
  });

  it('should never run a cleared timer, and clearAll should clear every one', () => {
    const timers = new TimerManager();
    const fns = [jest.fn(), jest.fn(), jest.fn()];
    const ids = fns.map((fn) => timers.set('lockExtender', 1000, fn));
    timers.clear(ids[1]);
    timers.clearAll();
    jest.advanceTimersByTime(2000);
    fns.forEach((fn) => expect(fn).not.toHaveBeenCalled());
    expect(timers.idle).toBe(true);
  });

  it('should keep timers of different managers apart', () => {
    const a = new TimerManager();
    const b = new TimerManager();
    a.set('lockExtender', 1000, jest.fn());
    const id = b.set('lockExtender', 1000, jest.fn());
    b.clear(id);
    expect(b.idle).toBe(true);
    expect(a.idle).toBe(false);
    a.clearAll();
  });
});
