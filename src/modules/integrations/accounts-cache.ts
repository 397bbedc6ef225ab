import { Injectable } from '@nestjs/common';
import { CacheStore } from '../../infra/cache/cache-store';
import type { ConnectedAccount } from './connected-account';

/** Deletes on every write keep an entry right; the expiry only bounds a read that raced one. */
const TTL_SECONDS = 60;
// v2: entries carry each account's profile; older entries (without it) are not read.
const cacheKey = (userId: string) => `integrations:accounts:v2:${userId}`;

/**
 * A user's accounts as targeting reads them on every `POST /v1/posts`, from the cache: in
 * scaled mode a copy in this process's memory over Redis, and a delete reaches every instance
 * over pub/sub before the next request (see NearCacheStore). IntegrationsRepository, the only
 * writer of the integrations table, forgets the owners of every row it writes once the write
 * is committed.
 */
@Injectable()
export class AccountsCache {
  constructor(private readonly cache: CacheStore) {}

  async read(userId: string, load: () => Promise<ConnectedAccount[]>): Promise<ConnectedAccount[]> {
    const cached = await this.cache.get(cacheKey(userId));
    if (cached !== undefined) {
      return JSON.parse(cached) as ConnectedAccount[];
    }
    const accounts = await load();
    await this.cache.set(cacheKey(userId), JSON.stringify(accounts), TTL_SECONDS);
    return accounts;
  }

  async forget(userIds: string[]): Promise<void> {
    await this.cache.delete(...[...new Set(userIds)].map(cacheKey));
  }
}
