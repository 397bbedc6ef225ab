import type { StatementPart } from '../../database/sql';

/** The stored answer to a claimed key. */
export interface KeyCompletion {
  userId: string;
  keyId: string;
  status: number;
  body: string;
  replayUntil?: Date;
}

/** Completing a claimed key, as a part of the statement that writes the work it answers for. */
export const completionPart = (c: KeyCompletion): StatementPart => ({
  name: 'idempotency-complete',
  sql: (first) =>
    `UPDATE idempotency_keys
        SET state = 'completed', locked_until = NULL, response_status = $${first + 2},
            response_body = $${first + 3}, response_is_error = false,
            expires_at = LEAST(expires_at, COALESCE($${first + 4}::timestamptz, expires_at))
      WHERE id = $${first + 1} AND user_id = $${first} AND state = 'in_progress'`,
  params: [c.userId, c.keyId, c.status, c.body, c.replayUntil ?? null],
});
