import { Injectable, type OnModuleInit } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { Scope } from '../../common/auth/route-auth';
import { ProfileDeletions, type ProfileDeletionStep } from '../profiles';
import { AutomationsRepository } from './automations.repository';

/**
 * A deleted profile's automations are disabled and their pending runs skipped, in the deletion's
 * transaction: the relay starts no run for them, and a run already queued finds itself finished.
 */
@Injectable()
export class AutomationsDeletionStep implements ProfileDeletionStep, OnModuleInit {
  constructor(
    private readonly deletions: ProfileDeletions,
    private readonly automations: AutomationsRepository,
  ) {}

  onModuleInit(): void {
    this.deletions.register(this);
  }

  run(db: EntityManager, scope: Scope): Promise<void> {
    return this.automations.disableProfile(db, scope, 'The profile was deleted');
  }
}
