import { Injectable } from '@nestjs/common';
import { SokuConfig } from '../../config/soku-config';
import { CacheStore } from '../../infra/cache/cache-store';
import { generateApiKey, hashApiKey, isWellFormedApiKey, tokenPreview } from './api-key-format';
import { ApiKeyUsageRecorder } from './api-key-usage.recorder';
import { ApiKeyNotFoundError, InvalidApiKeyError, RevokedApiKeyError } from './api-keys.errors';
import { ApiKeysRepository } from './api-keys.repository';
import { ProfilesService } from '../profiles';
import type { ApiKeyListDto, CreatedApiKeyDto, RevokedApiKeyDto } from './dto/api-key.dto';
import type { ApiKeyEntity } from './entities/api-key.entity';

/** What a valid key resolves to. */
export interface ApiKeyIdentity {
  apiKeyId: string;
  userId: string;
  /** The profile the key is bound to, or null: any of its user's. */
  profileId: string | null;
}

type CachedLookup =
  { userId: string; revoked: boolean; profileId?: string | null } | { unknown: true };

export const apiKeyCacheKey = (id: string) => `apikey:${id}`;
/** Unknown hashes are remembered briefly so a flood of bad keys does not reach the database. */
const UNKNOWN_TTL_SECONDS = 30;

@Injectable()
export class ApiKeysService {
  constructor(
    private readonly keys: ApiKeysRepository,
    private readonly cache: CacheStore,
    private readonly usage: ApiKeyUsageRecorder,
    private readonly config: SokuConfig,
    private readonly profiles: ProfilesService,
  ) {}

  /** A new key; bound to `profileId` (one of the user's live profiles, else 404) when given. */
  async create(
    userId: string,
    name: string | null,
    profileId: string | null = null,
  ): Promise<CreatedApiKeyDto> {
    if (profileId !== null) {
      await this.profiles.requireLive(userId, profileId);
    }
    const apiKey = generateApiKey();
    const id = hashApiKey(apiKey);
    await this.keys.insert({
      id,
      userId,
      name,
      last4: apiKey.slice(-4),
      profileId: profileId?.toLowerCase() ?? null,
    });
    await this.cache.delete(apiKeyCacheKey(id));
    return { apiKey };
  }

  async list(userId: string): Promise<ApiKeyListDto> {
    const keys = await this.keys.listForUser(userId);
    return { keys: keys.map(toSummary) };
  }

  /** Revokes one of the caller's keys; it stops working on the next request, on every instance. */
  async revoke(userId: string, id: string): Promise<RevokedApiKeyDto> {
    const key = await this.keys.findForUser(userId, id);
    if (!key) {
      throw new ApiKeyNotFoundError();
    }
    await this.keys.revokeForUser(userId, id);
    await this.cache.delete(apiKeyCacheKey(id));
    return { revoked: true };
  }

  /** Resolves a presented key, or throws the v1 401 for an invalid or revoked one. */
  async authenticate(presented: string): Promise<ApiKeyIdentity> {
    if (!isWellFormedApiKey(presented)) {
      throw new InvalidApiKeyError();
    }
    const id = hashApiKey(presented);
    const lookup = await this.lookup(id);
    if ('unknown' in lookup) {
      throw new InvalidApiKeyError();
    }
    if (lookup.revoked) {
      throw new RevokedApiKeyError();
    }
    this.usage.record(id);
    return { apiKeyId: id, userId: lookup.userId, profileId: lookup.profileId ?? null };
  }

  private async lookup(id: string): Promise<CachedLookup> {
    const cached = await this.cache.get(apiKeyCacheKey(id));
    if (cached !== undefined) {
      return JSON.parse(cached) as CachedLookup;
    }
    const key = await this.keys.findByHash(id);
    const lookup: CachedLookup = key
      ? { userId: key.userId, revoked: key.revokedAt !== null, profileId: key.profileId }
      : { unknown: true };
    await this.cache.set(
      apiKeyCacheKey(id),
      JSON.stringify(lookup),
      key ? this.config.auth.cacheTtlSeconds : UNKNOWN_TTL_SECONDS,
    );
    return lookup;
  }
}

function toSummary(key: ApiKeyEntity) {
  return {
    id: key.id,
    name: key.name,
    createdAt: key.createdAt.toISOString(),
    revokedAt: key.revokedAt?.toISOString() ?? null,
    profileId: key.profileId,
    lastUsedAt: key.lastUsedAt?.toISOString() ?? null,
    tokenPreview: tokenPreview(key.last4),
  };
}
