import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { Scope } from '../../common/auth/route-auth';

/**
 * What another module does when one of its owner's profiles is deleted, inside the deletion's
 * transaction: the posts module cancels pending posts, integrations stop publishing, webhooks
 * and automations stop firing. Modules register their step at startup (the profiles module
 * imports none of them).
 */
export interface ProfileDeletionStep {
  /** Work that blocks a deletion without `force` (pending posts); 0 when there is none. */
  blockers?(db: EntityManager, scope: Scope): Promise<number>;
  /** Ends the module's activity in the profile (cancels its blockers, when it has any). */
  run(db: EntityManager, scope: Scope): Promise<void>;
  /** After the deletion commits: what must not be seen before it (cache invalidation). */
  committed?(scope: Scope): Promise<void>;
}

@Injectable()
export class ProfileDeletions {
  private readonly steps: ProfileDeletionStep[] = [];

  register(step: ProfileDeletionStep): void {
    this.steps.push(step);
  }

  /** How many items block deleting the profile. */
  async blockers(db: EntityManager, scope: Scope): Promise<number> {
    let count = 0;
    for (const step of this.steps) {
      count += (await step.blockers?.(db, scope)) ?? 0;
    }
    return count;
  }

  async run(db: EntityManager, scope: Scope): Promise<void> {
    for (const step of this.steps) {
      await step.run(db, scope);
    }
  }

  async committed(scope: Scope): Promise<void> {
    for (const step of this.steps) {
      await step.committed?.(scope);
    }
  }
}
