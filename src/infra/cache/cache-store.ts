/**
 * A small key-value cache with expiry. In memory in embedded mode; in Redis in scaled mode, so
 * every instance sees the same entries and a delete (e.g. a revoked key) takes effect everywhere.
 */
export abstract class CacheStore {
  abstract get(key: string): Promise<string | undefined>;
  abstract set(key: string, value: string, ttlSeconds: number): Promise<void>;
  abstract delete(...keys: string[]): Promise<void>;
}
