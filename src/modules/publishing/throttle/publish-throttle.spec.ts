import type { PublishLimitsConfig } from '../../../config/publish-limits.config';
import {
  MemoryPublishThrottle,
  type ThrottleDecision,
  type ThrottleRefusal,
  WINDOW_MARGIN_MS,
} from './publish-throttle';

const MINUTE = 60_000;

function throttle(overrides: Partial<PublishLimitsConfig> = {}, holdMs = 10 * MINUTE) {
  let now = 1_000_000;
  const limits: PublishLimitsConfig = {
    accountConcurrency: 2,
    platformConcurrency: 3,
    busyRetryMs: 1000,
    postingLimits: { x: { account: { posts: 3, windowMs: 15 * MINUTE } } },
    ...overrides,
  };
  return {
    throttle: new MemoryPublishThrottle(limits, holdMs, () => now),
    advance: (ms: number) => (now += ms),
  };
}

const x = (accountId: string) => ({ platform: 'x' as const, accountId });
const refused = (decision: ThrottleDecision) => decision as ThrottleRefusal;

describe('MemoryPublishThrottle', () => {
  it('should refuse a third call in flight to one account until one is released', async () => {
    const { throttle: t } = throttle({ postingLimits: {} });
    const first = await t.acquire(x('a'));
    await t.acquire(x('a'));
    const third = refused(await t.acquire(x('a')));
    expect(third).toMatchObject({ granted: false, reason: expect.stringContaining('account') });
    // The busy wait is jittered around SOKU_PUBLISH_BUSY_RETRY_MS.
    expect(third.waitMs).toBeGreaterThanOrEqual(500);
    expect(third.waitMs).toBeLessThanOrEqual(1500);
    if (first.granted) {
      await first.release();
    }
    expect((await t.acquire(x('a'))).granted).toBe(true);
  });

  it('should cap the calls in flight to one platform across its accounts', async () => {
    const { throttle: t } = throttle({ postingLimits: {} });
    for (const account of ['a', 'b', 'c']) {
      expect((await t.acquire(x(account))).granted).toBe(true);
    }
    expect(refused(await t.acquire(x('d'))).reason).toContain('in flight to x');
    expect((await t.acquire({ platform: 'threads', accountId: 'd' })).granted).toBe(true);
  });

  it("should defer a call past the account's posting window until its oldest call leaves it", async () => {
    const { throttle: t, advance } = throttle({ accountConcurrency: 10, platformConcurrency: 10 });
    for (let i = 0; i < 3; i++) {
      const slot = await t.acquire(x('a'));
      expect(slot.granted).toBe(true);
      if (slot.granted) {
        await slot.release();
      }
      advance(MINUTE);
    }
    const fourth = refused(await t.acquire(x('a')));
    // The first call was 3 minutes ago: the window (plus the margin) frees it in 12 minutes.
    expect(fourth.waitMs).toBe(12 * MINUTE + WINDOW_MARGIN_MS);
    expect(fourth.reason).toBe("the account's posting limit on x (3 per 15 min) is spent");
    expect((await t.acquire(x('b'))).granted).toBe(true);
    advance(fourth.waitMs);
    expect((await t.acquire(x('a'))).granted).toBe(true);
  });

  it('should count an app-wide window over every account of the platform', async () => {
    const { throttle: t } = throttle({
      accountConcurrency: 10,
      platformConcurrency: 10,
      postingLimits: { youtube: { app: { posts: 2, windowMs: 24 * 60 * MINUTE } } },
    });
    const youtube = (accountId: string) => ({ platform: 'youtube' as const, accountId });
    expect((await t.acquire(youtube('a'))).granted).toBe(true);
    expect((await t.acquire(youtube('b'))).granted).toBe(true);
    expect(refused(await t.acquire(youtube('c'))).reason).toContain("app's posting limit");
  });

  it('should let a slot its holder never released lapse after the hold time', async () => {
    const { throttle: t, advance } = throttle({ postingLimits: {} }, 5 * MINUTE);
    await t.acquire(x('a'));
    await t.acquire(x('a'));
    expect((await t.acquire(x('a'))).granted).toBe(false);
    advance(5 * MINUTE);
    expect((await t.acquire(x('a'))).granted).toBe(true);
  });
});
