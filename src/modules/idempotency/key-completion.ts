/** The stored answer to a claimed key, written by another module's statement (see below). */
export interface KeyCompletion {
  userId: string;
  keyId: string;
  status: number;
  body: string;
  replayUntil?: Date;
}

/**
 * The SQL of completing a claimed key, for a statement that writes the work and its answer at
 * once (a data-modifying CTE); its parameters are `completionParams`, numbered from `first`.
 */
export const completionCte = (first: number): string =>
  `UPDATE idempotency_keys
      SET state = 'completed', locked_until = NULL, response_status = $${first + 2},
          response_body = $${first + 3}, response_is_error = false,
          expires_at = LEAST(expires_at, COALESCE($${first + 4}::timestamptz, expires_at))
    WHERE id = $${first + 1} AND user_id = $${first} AND state = 'in_progress'`;

export const completionParams = (c: KeyCompletion): unknown[] => [
  c.userId,
  c.keyId,
  c.status,
  c.body,
  c.replayUntil ?? null,
];
