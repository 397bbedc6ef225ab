import type Redis from 'ioredis';
import type { Logger } from 'pino';
import { CacheStore } from './cache-store';
import { MemoryCacheStore } from './memory-cache-store';

/** Where every instance hears of the keys another one deleted. */
export const INVALIDATION_CHANNEL = 'soku:cache:invalidate';
/** A copy lives in memory at most this long: a safety net, as deletes reach every instance. */
const NEAR_TTL_SECONDS = 30;
const NEAR_ENTRIES = 10_000;

/**
 * The shared cache (Redis) with a copy of recent entries in this process's memory, so a request
 * whose caller was seen lately costs no Redis round trip. A delete is published to every instance
 * (Redis pub/sub), which drops its copy before it can serve another request: Redis hands the
 * message to every subscriber before it answers the publisher. While this instance's subscription
 * is down it may miss deletes, so its copies are dropped and every read goes to Redis until the
 * subscription is back.
 */
export class NearCacheStore extends CacheStore {
  private readonly near = new MemoryCacheStore(NEAR_ENTRIES);
  private subscribed = false;
  /** Counts deletes heard, so a read that raced one does not keep what it read before it. */
  private generation = 0;

  constructor(
    private readonly shared: CacheStore,
    private readonly publisher: Redis,
    private readonly subscriber: Redis,
    private readonly logger: Logger,
  ) {
    super();
    subscriber.on('message', (channel: string, message: string) => {
      if (channel === INVALIDATION_CHANNEL) {
        this.forget(JSON.parse(message) as string[]);
      }
    });
    subscriber.on('ready', () => void this.subscribe());
    subscriber.on('close', () => this.unsubscribed());
    subscriber.on('error', () => this.unsubscribed());
  }

  async get(key: string): Promise<string | undefined> {
    if (this.subscribed) {
      const near = await this.near.get(key);
      if (near !== undefined) {
        return near;
      }
    }
    const generation = this.generation;
    const value = await this.shared.get(key);
    if (value !== undefined) {
      await this.keepNear(key, value, NEAR_TTL_SECONDS, generation);
    }
    return value;
  }

  async set(key: string, value: string, ttlSeconds: number): Promise<void> {
    const generation = this.generation;
    await this.shared.set(key, value, ttlSeconds);
    await this.keepNear(key, value, ttlSeconds, generation);
  }

  /** Fails when Redis does: a copy left on another instance could keep a revoked key alive. */
  async delete(...keys: string[]): Promise<void> {
    if (keys.length === 0) {
      return;
    }
    this.forget(keys);
    await this.shared.delete(...keys);
    await this.publisher.publish(INVALIDATION_CHANNEL, JSON.stringify(keys));
  }

  /** Stops listening; the subscriber connection is this store's own. */
  async close(): Promise<void> {
    this.unsubscribed();
    await this.subscriber.quit().catch(() => this.subscriber.disconnect());
  }

  private async keepNear(
    key: string,
    value: string,
    ttlSeconds: number,
    generation: number,
  ): Promise<void> {
    if (this.subscribed && generation === this.generation) {
      await this.near.set(key, value, Math.min(ttlSeconds, NEAR_TTL_SECONDS));
    }
  }

  private forget(keys: string[]): void {
    this.generation++;
    void this.near.delete(...keys);
  }

  private async subscribe(): Promise<void> {
    try {
      await this.subscriber.subscribe(INVALIDATION_CHANNEL);
      this.near.clear();
      this.generation++;
      this.subscribed = true;
    } catch (error) {
      this.logger.warn({ err: error }, 'cache invalidation subscription failed; reading Redis');
    }
  }

  private unsubscribed(): void {
    this.subscribed = false;
    this.generation++;
    this.near.clear();
  }
}
