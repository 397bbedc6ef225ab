import { Injectable, type OnModuleInit } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { Scope } from '../../common/auth/route-auth';
import { ProfileDeletions, type ProfileDeletionStep } from '../profiles';
import { AccountsCache } from './accounts-cache';
import { IntegrationsRepository } from './integrations.repository';

/**
 * A deleted profile's accounts are disconnected with it, without calling the platform: the
 * refresh job, metrics reads and publishing only use connected accounts with tokens. The rows
 * stay, so the profile's past posts still name their account.
 */
@Injectable()
export class ProfileAccountsDeletionStep implements ProfileDeletionStep, OnModuleInit {
  constructor(
    private readonly deletions: ProfileDeletions,
    private readonly integrations: IntegrationsRepository,
    private readonly accounts: AccountsCache,
  ) {}

  onModuleInit(): void {
    this.deletions.register(this);
  }

  run(db: EntityManager, scope: Scope): Promise<void> {
    return this.integrations.disconnectProfile(db, scope);
  }

  /** After the commit, so no read in between caches the accounts as connected again. */
  committed(scope: Scope): Promise<void> {
    return this.accounts.forget([scope.userId]);
  }
}
