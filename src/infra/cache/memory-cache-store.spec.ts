import { MemoryCacheStore } from './memory-cache-store';

describe(MemoryCacheStore.name, () => {
  afterEach(() => jest.useRealTimers());

  it('should return what was set until it expires', async () => {
    jest.useFakeTimers({ now: 0 });
    const cache = new MemoryCacheStore();
    await cache.set('a', '1', 10);
    expect(await cache.get('a')).toBe('1');
    jest.setSystemTime(9_999);
    expect(await cache.get('a')).toBe('1');
    jest.setSystemTime(10_000);
    expect(await cache.get('a')).toBeUndefined();
  });

  it('should forget deleted keys', async () => {
    const cache = new MemoryCacheStore();
    await cache.set('a', '1', 10);
    await cache.set('b', '2', 10);
    await cache.delete('a', 'b');
    expect(await cache.get('a')).toBeUndefined();
    expect(await cache.get('b')).toBeUndefined();
  });
});
