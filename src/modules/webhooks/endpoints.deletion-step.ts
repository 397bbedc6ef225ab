import { Injectable, type OnModuleInit } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { Scope } from '../../common/auth/route-auth';
import { ProfileDeletions, type ProfileDeletionStep } from '../profiles';
import { WebhooksRepository } from './webhooks.repository';

/** The reason a deleted profile's endpoints show, and their unsent deliveries' last error. */
const PROFILE_DELETED = 'The profile was deleted';

/**
 * A deleted profile's endpoints are disabled and their pending deliveries failed, in the
 * deletion's transaction: no event of the profile is sent after it (the relay only fans out to
 * enabled endpoints, and a delivery already queued finds itself finished).
 */
@Injectable()
export class EndpointsDeletionStep implements ProfileDeletionStep, OnModuleInit {
  constructor(
    private readonly deletions: ProfileDeletions,
    private readonly endpoints: WebhooksRepository,
  ) {}

  onModuleInit(): void {
    this.deletions.register(this);
  }

  run(db: EntityManager, scope: Scope): Promise<void> {
    return this.endpoints.disableProfile(db, scope, PROFILE_DELETED);
  }
}
