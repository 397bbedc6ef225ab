import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { Scope } from '../../common/auth/route-auth';
import { sqlRows } from '../../database/sql';
import type { Transaction } from '../../database/transaction';

export interface RowKeyClaim {
  keyHash: string;
  requestHash: string;
  status: number;
  body: string;
}

export interface StoredRowAnswer {
  keyHash: string;
  requestHash: string;
  body: string;
}

/**
 * idempotency_keys rows of the rows of a bulk request: written completed, with their answer, in
 * the request's profile.
 */
@Injectable()
export class RowKeysRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  /**
   * Inserts each key completed with its answer, or takes over an expired one; returns the key
   * hashes it wrote. Inside the transaction that creates the work: a concurrent request with
   * the same key waits on the unique index and then finds it taken. `claims` has no repeats.
   */
  async claim(
    tx: Transaction,
    scope: Scope,
    endpoint: string,
    claims: RowKeyClaim[],
    ttlSeconds: number,
  ): Promise<Set<string>> {
    const rows = await sqlRows<{ key_hash: string }>(
      tx,
      `INSERT INTO idempotency_keys AS k (user_id, profile_id, endpoint, key_hash, request_hash,
         state, response_status, response_body, expires_at)
       SELECT $1, $2, $3, t.key_hash, t.request_hash, 'completed', t.status, t.body,
              now() + make_interval(secs => $8)
         FROM unnest($4::text[], $5::text[], $6::smallint[], $7::text[])
              AS t(key_hash, request_hash, status, body)
       ON CONFLICT (user_id, profile_id, endpoint, key_hash) DO UPDATE
         SET request_hash = EXCLUDED.request_hash, state = 'completed', locked_until = NULL,
             response_status = EXCLUDED.response_status, response_body = EXCLUDED.response_body,
             response_is_error = false, expires_at = EXCLUDED.expires_at, created_at = now()
         WHERE k.expires_at <= now()
       RETURNING k.key_hash`,
      [
        scope.userId,
        scope.profileId,
        endpoint,
        claims.map((c) => c.keyHash),
        claims.map((c) => c.requestHash),
        claims.map((c) => c.status),
        claims.map((c) => c.body),
        ttlSeconds,
      ],
    );
    return new Set(rows.map((row) => row.key_hash));
  }

  /** The live answers stored under these keys. */
  async answers(scope: Scope, endpoint: string, keyHashes: string[]): Promise<StoredRowAnswer[]> {
    return sqlRows<StoredRowAnswer>(
      this.db,
      `SELECT key_hash AS "keyHash", request_hash AS "requestHash", response_body AS body
         FROM idempotency_keys
        WHERE user_id = $1 AND profile_id = $2 AND endpoint = $3 AND key_hash = ANY($4::text[])
          AND expires_at > now() AND state = 'completed'`,
      [scope.userId, scope.profileId, endpoint, keyHashes],
    );
  }
}
