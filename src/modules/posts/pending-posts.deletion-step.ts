import { Injectable, type OnModuleInit } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { Scope } from '../../common/auth/route-auth';
import { ProfileDeletions, type ProfileDeletionStep } from '../profiles';
import { SubmissionCancels } from '../publishing';

/**
 * A profile's pending posts (those DELETE /v1/posts/:id would cancel) block its deletion; a
 * forced deletion cancels them as that route does, so none publishes from a deleted profile.
 */
@Injectable()
export class PendingPostsDeletionStep implements ProfileDeletionStep, OnModuleInit {
  constructor(
    private readonly deletions: ProfileDeletions,
    private readonly cancels: SubmissionCancels,
  ) {}

  onModuleInit(): void {
    this.deletions.register(this);
  }

  /** Row-locked until the deletion commits, so `run` cancels exactly the posts counted. */
  blockers(db: EntityManager, scope: Scope): Promise<number> {
    return this.cancels.countPending(db, scope);
  }

  async run(db: EntityManager, scope: Scope): Promise<void> {
    await this.cancels.cancelPending(db, scope);
  }
}
