import { AsyncLocalStorage } from 'node:async_hooks';
import { Injectable } from '@nestjs/common';
import type { Scope } from '../../common/auth/route-auth';
import type { StatementPart } from '../../database/sql';
import { completionPart } from './key-completion';

/** The key an @Idempotent() request holds while its handler runs, in the request's profile. */
export interface HeldClaim extends Scope {
  id: string;
  /** The status the client will get on success. */
  status: number;
  /** Set once the response is stored inside the handler's own transaction. */
  storedBody?: string;
  /** Set when the response stops being worth replaying before the key's usual expiry. */
  replayUntil?: Date;
}

/**
 * Lets a service store the idempotent response in the same transaction as the work it answers
 * for. Stored afterwards, a crash between the two would leave the work done but the key still
 * in progress, and the client's retry would do it a second time once the lock lapsed.
 */
@Injectable()
export class IdempotencyScope {
  private readonly held = new AsyncLocalStorage<HeldClaim>();

  run<T>(claim: HeldClaim, handler: () => T): T {
    return this.held.run(claim, handler);
  }

  /**
   * Keeps the current request's answer for replays no later than `until` (a ticket that expires
   * then): a replay after it would hand out something dead. Outside an idempotent request it
   * does nothing.
   */
  replayUntil(until: Date): void {
    const claim = this.held.getStore();
    if (claim) {
      claim.replayUntil = until;
    }
  }

  /**
   * The current request's answer `response`, for the repository that writes the work to store
   * in the same statement: committed with the work or not at all. Undefined
   * outside an idempotent request, or once taken.
   */
  completion(response: unknown): StatementPart | undefined {
    const claim = this.held.getStore();
    if (!claim || claim.storedBody !== undefined) {
      return undefined;
    }
    const body = JSON.stringify(response);
    claim.storedBody = body;
    return completionPart({
      userId: claim.userId,
      profileId: claim.profileId,
      keyId: claim.id,
      status: claim.status,
      body,
      replayUntil: claim.replayUntil,
    });
  }
}
