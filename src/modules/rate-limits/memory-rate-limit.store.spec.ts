import { MemoryRateLimitStore } from './memory-rate-limit.store';
import { RateLimitClock } from './rate-limit.clock';

describe(MemoryRateLimitStore.name, () => {
  let now: number;
  let store: MemoryRateLimitStore;
  const spec = { capacity: 2, emissionMs: 500, windowMs: 1_000 };

  beforeEach(() => {
    now = 1_000_000;
    const clock = new RateLimitClock();
    jest.spyOn(clock, 'now').mockImplementation(() => now);
    store = new MemoryRateLimitStore(clock);
  });
  afterEach(() => store.onApplicationShutdown());

  it('should keep one bucket per key', async () => {
    expect((await store.take('a', spec)).allowed).toBe(true);
    expect((await store.take('a', spec)).allowed).toBe(true);
    expect((await store.take('a', spec)).allowed).toBe(false);
    expect((await store.take('b', spec)).allowed).toBe(true);
    expect((await store.take('a', spec)).now).toBe(now);
  });

  it('should sweep buckets that are full again', async () => {
    await store.take('a', spec);
    await store.take('b', spec);
    await store.take('b', spec);
    now += 999;
    store.sweep();
    expect(store.size).toBe(2);
    now += 1;
    store.sweep();
    expect(store.size).toBe(0);
  });

  it('should serve as the @nestjs/throttler storage', async () => {
    const first = await store.increment('t', 60_000, 2);
    expect(first).toEqual({
      totalHits: 1,
      timeToExpire: 60,
      isBlocked: false,
      timeToBlockExpire: 0,
    });
    await store.increment('t', 60_000, 2);
    const blocked = await store.increment('t', 60_000, 2);
    expect(blocked.isBlocked).toBe(true);
    expect(blocked.timeToBlockExpire).toBe(60);
  });
});
