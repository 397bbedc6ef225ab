import { ConflictError, ErrorCode } from '../../common/errors';

export class IdempotencyKeyReusedError extends ConflictError {
  constructor() {
    super(
      ErrorCode.IdempotencyConflict,
      'This Idempotency-Key was already used on this endpoint with a different request body',
    );
  }
}

export class IdempotencyInProgressError extends ConflictError {
  constructor() {
    super(
      ErrorCode.IdempotencyConflict,
      'A request with this Idempotency-Key is still in progress; retry in a second',
      { 'Retry-After': '1' },
    );
  }
}
