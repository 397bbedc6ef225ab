import { AsyncLocalStorage } from 'node:async_hooks';
import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { IdempotencyRepository } from './idempotency.repository';

/** The key an @Idempotent() request holds while its handler runs. */
export interface HeldClaim {
  userId: string;
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

  constructor(private readonly keys: IdempotencyRepository) {}

  run<T>(claim: HeldClaim, handler: () => T): T {
    return this.held.run(claim, handler);
  }

  /**
   * Records `response` as the answer to the current request's key, inside `em`'s transaction:
   * committed with the work or not at all. Outside an idempotent request it does nothing.
   */
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

  async completeWithin(em: EntityManager, response: unknown): Promise<void> {
    const claim = this.held.getStore();
    if (!claim || claim.storedBody !== undefined) {
      return;
    }
    const body = JSON.stringify(response);
    await this.keys.complete(
      claim.userId,
      claim.id,
      { status: claim.status, body, isError: false },
      em,
    );
    claim.storedBody = body;
  }
}
