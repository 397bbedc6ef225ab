import { Injectable } from '@nestjs/common';
import type { Scope } from '../../common/auth/route-auth';
import { SokuConfig } from '../../config/soku-config';
import type { Transaction } from '../../database/transaction';
import { canonicalJson, sha256 } from './idempotency-key';
import { RowKeysRepository } from './row-keys.repository';

/** One row of a bulk request under its own key, and the answer to keep for it. */
export interface KeyedRow {
  key: string;
  /** The row as sent: the same key with another row is a conflict, as for a whole request. */
  row: unknown;
  answer: unknown;
}

/** What a row's key holds after its claim. */
export type RowKeyOutcome =
  { kind: 'claimed' } | { kind: 'replay'; answer: unknown } | { kind: 'conflict' };

/**
 * Idempotency per row of a bulk request: each row's key is taken in the transaction that
 * creates the row's work, so the work and its key commit together; a row whose key is taken
 * replays the answer stored with it. Keys live as long as request keys (the same TTL), and are
 * the request's profile's: the same rowKey in another profile is another row.
 */
@Injectable()
export class RowKeys {
  constructor(
    private readonly keys: RowKeysRepository,
    private readonly config: SokuConfig,
  ) {}

  /** Takes the rows' keys inside `tx`: true for each row whose key this call took. */
  async claim(
    tx: Transaction,
    scope: Scope,
    endpoint: string,
    rows: KeyedRow[],
  ): Promise<boolean[]> {
    const hashes = rows.map((row) => sha256(row.key));
    const first = new Map<string, number>();
    hashes.forEach((hash, i) => first.has(hash) || first.set(hash, i));
    const taken = await this.keys.claim(
      tx,
      scope,
      endpoint,
      [...first.entries()].map(([keyHash, i]) => ({
        keyHash,
        requestHash: sha256(canonicalJson(rows[i].row)),
        status: 201,
        body: JSON.stringify(rows[i].answer),
      })),
      this.config.limits.idempotency.ttlSeconds,
    );
    return hashes.map((hash, i) => first.get(hash) === i && taken.has(hash));
  }

  /** For rows whose claim was refused: the stored answer, or a conflict when the row differs. */
  async outcomes(
    scope: Scope,
    endpoint: string,
    rows: Omit<KeyedRow, 'answer'>[],
  ): Promise<RowKeyOutcome[]> {
    const hashes = rows.map((row) => sha256(row.key));
    const stored = new Map(
      (await this.keys.answers(scope, endpoint, [...new Set(hashes)])).map((a) => [a.keyHash, a]),
    );
    return rows.map((row, i) => {
      const answer = stored.get(hashes[i]);
      return answer && answer.requestHash === sha256(canonicalJson(row.row))
        ? { kind: 'replay', answer: JSON.parse(answer.body) as unknown }
        : { kind: 'conflict' };
    });
  }
}
