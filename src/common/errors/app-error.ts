import { isDocumentedValidationMessage } from './documented-messages';
import { ErrorCode, type ErrorCodeValue } from './error-codes';

/** One entry of a validation error's `details`: which field, what is wrong, what was sent. */
export interface FieldProblem {
  field: string;
  message: string;
  code: string;
  received?: unknown;
}

export interface ErrorStamp {
  timestamp: string;
  requestId: string;
}

/**
 * The one error type services throw. It carries the HTTP status, a stable machine code and a
 * message fit to show the client; the global filter renders it as the v1 envelope.
 */
export class AppError extends Error {
  /**
   * When and for which request this error was first answered. Set when its answer is stored for
   * replay, so the replay's envelope carries the same timestamp and requestId, byte for byte.
   */
  firstAnswered?: ErrorStamp;

  constructor(
    readonly status: number,
    readonly code: ErrorCodeValue,
    message: string,
    readonly details?: unknown,
    /** Response headers that belong to this error, e.g. Retry-After. */
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
    this.name = 'AppError';
  }
}

export class ValidationFailedError extends AppError {
  constructor(details: FieldProblem[], message = summaryOf(details)) {
    super(400, ErrorCode.ValidationError, message, details);
  }
}

/** One broken rule the reference documents speaks for itself; anything else is summarised. */
function summaryOf(details: FieldProblem[]): string {
  const [only] = details;
  return details.length === 1 && isDocumentedValidationMessage(only.message)
    ? only.message
    : 'Request validation failed';
}

export class NotFoundError extends AppError {
  constructor(message = 'Resource not found') {
    super(404, ErrorCode.NotFound, message);
  }
}

export class UnauthorizedError extends AppError {
  constructor(message: string) {
    super(401, ErrorCode.Unauthorized, message);
  }
}

export class ForbiddenError extends AppError {
  constructor(message: string) {
    super(403, ErrorCode.Forbidden, message);
  }
}

export class ConflictError extends AppError {
  constructor(code: ErrorCodeValue, message: string, headers?: Record<string, string>) {
    super(409, code, message, undefined, headers);
  }
}

export class ServiceUnavailableError extends AppError {
  constructor(message: string, details?: unknown) {
    super(503, ErrorCode.ServiceUnavailable, message, details);
  }
}
