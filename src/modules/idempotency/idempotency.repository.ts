import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import type { EntityManager, Repository } from 'typeorm';
import type { Scope } from '../../common/auth/route-auth';
import { preparedRows, type PreparedStatement } from '../../database/sql';
import { IdempotencyKeyEntity, type IdempotencyState } from './entities/idempotency-key.entity';

export interface StoredKey {
  id: string;
  requestHash: string;
  state: IdempotencyState;
  responseStatus: number | null;
  responseBody: string | null;
  responseIsError: boolean;
  expiresAt: Date;
}

/** The key taken by this request, or the row of the request that holds it. */
export type ClaimOutcome = { kind: 'claimed'; id: string } | { kind: 'held'; key: StoredKey };

/** A key is the caller's in one profile: the same key in another profile is another key. */
export interface ClaimRequest extends Scope {
  endpoint: string;
  keyHash: string;
  requestHash: string;
  ttlSeconds: number;
  lockSeconds: number;
}

/**
 * The claim of one key or many at once: each request takes its key (new, expired, or abandoned
 * in flight with the same body) or reads the row that holds it. Two requests for one new key in
 * a batch make the statement fail, as an INSERT may not touch a row twice: the caller then claims
 * them one at a time.
 */
const CLAIM_MANY: PreparedStatement = {
  name: 'soku.idempotency.claim-many',
  text: `WITH q AS (
         SELECT * FROM jsonb_to_recordset($1::jsonb)
             AS q(i int, user_id uuid, profile_id uuid, endpoint text, key_hash text,
                  request_hash text)
       ), held AS (
         SELECT q.i, k.id, k.request_hash, k.state, k.response_status, k.response_body,
                k.response_is_error, k.expires_at
           FROM q JOIN idempotency_keys k
             ON k.user_id = q.user_id AND k.profile_id = q.profile_id
            AND k.endpoint = q.endpoint AND k.key_hash = q.key_hash
          WHERE k.expires_at > now()
            AND NOT (k.state = 'in_progress' AND k.locked_until <= now()
                     AND k.request_hash = q.request_hash)
       ), claimed AS (
         INSERT INTO idempotency_keys AS k
           (user_id, profile_id, endpoint, key_hash, request_hash, state, locked_until,
            expires_at)
         SELECT q.user_id, q.profile_id, q.endpoint, q.key_hash, q.request_hash, 'in_progress',
                now() + make_interval(secs => $3), now() + make_interval(secs => $2)
           FROM q
          WHERE NOT EXISTS (SELECT 1 FROM held WHERE held.i = q.i)
         ON CONFLICT (user_id, profile_id, endpoint, key_hash) DO UPDATE
           SET request_hash = EXCLUDED.request_hash, state = 'in_progress',
               locked_until = EXCLUDED.locked_until, expires_at = EXCLUDED.expires_at,
               created_at = now(), response_status = NULL, response_body = NULL,
               response_is_error = false
           WHERE k.expires_at <= now()
              OR (k.state = 'in_progress' AND k.locked_until <= now()
                  AND k.request_hash = EXCLUDED.request_hash)
         RETURNING k.id, k.user_id, k.profile_id, k.endpoint, k.key_hash
       )
       SELECT q.i, true AS claimed, c.id, NULL AS "requestHash", NULL AS state,
              NULL::int AS "responseStatus", NULL AS "responseBody",
              false AS "responseIsError", NULL::timestamptz AS "expiresAt"
         FROM claimed c
         JOIN q ON q.user_id = c.user_id AND q.profile_id = c.profile_id
               AND q.endpoint = c.endpoint AND q.key_hash = c.key_hash
       UNION ALL
       SELECT i, false, id, request_hash, state, response_status, response_body,
              response_is_error, expires_at
         FROM held`,
};

@Injectable()
export class IdempotencyRepository {
  constructor(
    @InjectRepository(IdempotencyKeyEntity)
    private readonly keys: Repository<IdempotencyKeyEntity>,
  ) {}

  /**
   * One statement: takes the key (inserts it in progress, or takes over a row that has expired
   * or whose in-flight claim was abandoned: same body, lock not renewed), or returns the row that
   * holds it. A held key is only read, never locked, so a replay writes nothing and waits for no
   * WAL flush. Null when the key changed hands between the read and the insert: claim again.
   */
  async claim(c: ClaimRequest): Promise<ClaimOutcome | null> {
    return (await this.claimAll([c]))[0];
  }

  /**
   * The outcome of each claim, in order; null where the key changed hands between the read and
   * the insert (claim again). Every claim of one batch has the same TTL and lock.
   */
  claimMany(claims: ClaimRequest[]): Promise<(ClaimOutcome | null)[]> {
    return this.claimAll(claims);
  }

  private async claimAll(claims: ClaimRequest[]): Promise<(ClaimOutcome | null)[]> {
    const requests = claims.map((c, i) => ({
      i,
      user_id: c.userId,
      profile_id: c.profileId,
      endpoint: c.endpoint,
      key_hash: c.keyHash,
      request_hash: c.requestHash,
    }));
    const rows = await preparedRows<StoredKey & { i: number; claimed: boolean }>(
      this.keys.manager.connection,
      CLAIM_MANY,
      [JSON.stringify(requests), claims[0].ttlSeconds, claims[0].lockSeconds],
    );
    const outcomes: (ClaimOutcome | null)[] = claims.map(() => null);
    for (const { i, claimed, ...key } of rows) {
      outcomes[i] = claimed ? { kind: 'claimed', id: key.id } : { kind: 'held', key };
    }
    return outcomes;
  }

  async complete(
    scope: Scope,
    id: string,
    response: { status: number; body: string; isError: boolean; replayUntil?: Date },
    /** The caller's transaction, when the response is stored together with the work. */
    em: EntityManager = this.keys.manager,
  ): Promise<void> {
    await em.query(
      `UPDATE idempotency_keys
          SET state = 'completed', locked_until = NULL, response_status = $4,
              response_body = $5, response_is_error = $6,
              expires_at = LEAST(expires_at, COALESCE($7::timestamptz, expires_at))
        WHERE id = $3 AND user_id = $1 AND profile_id = $2 AND state = 'in_progress'`,
      [
        scope.userId,
        scope.profileId,
        id,
        response.status,
        response.body,
        response.isError,
        response.replayUntil ?? null,
      ],
    );
  }

  async release(scope: Scope, id: string): Promise<void> {
    await this.keys.query(
      `DELETE FROM idempotency_keys
        WHERE id = $3 AND user_id = $1 AND profile_id = $2 AND state = 'in_progress'`,
      [scope.userId, scope.profileId, id],
    );
  }

  async renewLock(scope: Scope, id: string, lockSeconds: number): Promise<void> {
    await this.keys.query(
      `UPDATE idempotency_keys SET locked_until = now() + make_interval(secs => $4)
        WHERE id = $3 AND user_id = $1 AND profile_id = $2 AND state = 'in_progress'`,
      [scope.userId, scope.profileId, id, lockSeconds],
    );
  }

  /** Deletes up to `batch` expired keys; returns how many. Concurrent sweepers skip each other. */
  async deleteExpired(batch: number): Promise<number> {
    const result: [unknown[], number] = await this.keys.query(
      `DELETE FROM idempotency_keys WHERE id IN (
         SELECT id FROM idempotency_keys WHERE expires_at <= now()
          LIMIT $1 FOR UPDATE SKIP LOCKED)`,
      [batch],
    );
    return result[1];
  }
}
