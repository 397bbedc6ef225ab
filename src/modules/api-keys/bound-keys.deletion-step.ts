import { Injectable, type OnModuleInit } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { Scope } from '../../common/auth/route-auth';
import { CacheStore } from '../../infra/cache/cache-store';
import { ProfileDeletions, type ProfileDeletionStep } from '../profiles';
import { apiKeyCacheKey } from './api-keys.service';
import { ApiKeysRepository } from './api-keys.repository';

/** A deleted profile's bound keys are revoked with it: they could act nowhere else. */
@Injectable()
export class BoundKeysDeletionStep implements ProfileDeletionStep, OnModuleInit {
  constructor(
    private readonly deletions: ProfileDeletions,
    private readonly keys: ApiKeysRepository,
    private readonly cache: CacheStore,
  ) {}

  onModuleInit(): void {
    this.deletions.register(this);
  }

  run(db: EntityManager, scope: Scope): Promise<void> {
    return this.keys.revokeBoundTo(db, scope.userId, scope.profileId);
  }

  /** After the commit, so no lookup in between caches the key as live again. */
  async committed(scope: Scope): Promise<void> {
    for (const id of await this.keys.idsBoundTo(scope.userId, scope.profileId)) {
      await this.cache.delete(apiKeyCacheKey(id));
    }
  }
}
