import { randomUUID } from 'node:crypto';
import Redis from 'ioredis';
import pino from 'pino';
import { NearCacheStore } from '../../../src/infra/cache/near-cache-store';
import { RedisCacheStore } from '../../../src/infra/cache/redis-cache-store';
import { waitFor } from '../../utils/wait';

const describeWithRedis = process.env.REDIS_URL ? describe : describe.skip;
const logger = pino({ level: 'silent' });

/** What one instance builds (see CacheModule): the shared client and its own subscriber. */
async function instance(): Promise<{ store: NearCacheStore; client: Redis }> {
  const client = new Redis(process.env.REDIS_URL!);
  const subscriber = client.duplicate();
  const store = new NearCacheStore(new RedisCacheStore(client, logger), client, subscriber, logger);
  await waitFor(
    'the subscription',
    () => servesFromMemory(store, client),
    (near) => near,
  );
  return { store, client };
}

/** The value a key has in Redis, changed behind the instances' backs. */
const overwrite = (client: Redis, key: string, value: string) =>
  client.set(`soku:cache:${key}`, value, 'EX', 60);

/** True when `store` keeps what it sets in memory (it is subscribed to the deletes). */
async function servesFromMemory(store: NearCacheStore, client: Redis): Promise<boolean> {
  const key = `probe:${randomUUID()}`;
  await store.set(key, 'near', 60);
  await overwrite(client, key, 'far');
  return (await store.get(key)) === 'near';
}

describeWithRedis(NearCacheStore.name, () => {
  let first: { store: NearCacheStore; client: Redis };
  let second: { store: NearCacheStore; client: Redis };

  beforeAll(async () => {
    first = await instance();
    second = await instance();
  });
  afterAll(async () => {
    for (const { store, client } of [first, second]) {
      await store.close();
      await client.quit();
    }
  });

  it('should answer a key it has seen from memory, and a delete on another instance drops it', async () => {
    const key = `k:${randomUUID()}`;
    await first.store.set(key, 'a', 60);
    expect(await second.store.get(key)).toBe('a');
    await overwrite(first.client, key, 'b');
    expect(await second.store.get(key)).toBe('a');

    await first.store.delete(key);

    await waitFor(
      'the invalidation',
      () => second.store.get(key),
      (value) => value === undefined,
    );
    expect(await first.store.get(key)).toBeUndefined();
  });

  it('should read Redis, keeping no copies, while its subscription is down', async () => {
    const key = `k:${randomUUID()}`;
    await second.store.set(key, 'a', 60);
    const admin = new Redis(process.env.REDIS_URL!);
    try {
      await admin.client('KILL', 'TYPE', 'pubsub');
      await overwrite(admin, key, 'b');
      // Its copy is dropped when the connection closes: what it missed meanwhile cannot linger.
      await waitFor(
        'the copy dropped',
        () => second.store.get(key),
        (value) => value === 'b',
      );
      await waitFor(
        'the subscription back',
        () => servesFromMemory(second.store, admin),
        (near) => near,
      );
    } finally {
      await admin.quit();
    }
  });
});
