import { ConflictError, ErrorCode } from '../../common/errors';

export const idempotencyErrors = {
  differentBody: () =>
    new ConflictError(
      ErrorCode.IdempotencyConflict,
      'This Idempotency-Key was already used on this endpoint with a different request body',
    ),
  inProgress: () =>
    new ConflictError(
      ErrorCode.IdempotencyConflict,
      'A request with this Idempotency-Key is still in progress; retry in a second',
      { 'Retry-After': '1' },
    ),
};
