import type { Scope } from '../../common/auth/route-auth';
import type { StatementPart } from '../../database/sql';

/** The stored answer to a claimed key of the scope. */
export interface KeyCompletion extends Scope {
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
        SET state = 'completed', locked_until = NULL, response_status = $${first + 3},
            response_body = $${first + 4}, response_is_error = false,
            expires_at = LEAST(expires_at, COALESCE($${first + 5}::timestamptz, expires_at))
      WHERE id = $${first + 2} AND user_id = $${first} AND profile_id = $${first + 1}
        AND state = 'in_progress'`,
  params: [c.userId, c.profileId, c.keyId, c.status, c.body, c.replayUntil ?? null],
});
