import { type ArgumentsHost, Catch, type ExceptionFilter, HttpException } from '@nestjs/common';
import { ThrottlerException } from '@nestjs/throttler';
import type { Response } from 'express';
import type { Logger } from 'pino';
import {
  AppError,
  type Dependency,
  ErrorCode,
  type ErrorCodeValue,
  errorTypeFor,
  RateLimitExceededError,
  unavailableDependency,
} from '../errors';
import type { SokuRequest } from '../http/request-context';
import type { ErrorEnvelope } from './error-envelope';

const HTTP_STATUS_CODES: Record<number, ErrorCodeValue> = {
  400: ErrorCode.ValidationError,
  401: ErrorCode.Unauthorized,
  403: ErrorCode.Forbidden,
  404: ErrorCode.NotFound,
  405: ErrorCode.MethodNotAllowed,
  409: ErrorCode.Conflict,
  413: ErrorCode.PayloadTooLarge,
  415: ErrorCode.UnsupportedMediaType,
  429: ErrorCode.RateLimitExceeded,
  503: ErrorCode.ServiceUnavailable,
};

const INTERNAL_MESSAGE = 'An unexpected error occurred. Quote the request id when reporting it.';

const UNAVAILABLE_MESSAGES: Record<Dependency, string> = {
  database: 'The database is unavailable; try again shortly.',
  queue: 'The job queue is unavailable; try again shortly.',
};
/** Seconds a client is told to wait after a dependency outage: the pool reconnects by itself. */
const UNAVAILABLE_RETRY_AFTER_SECONDS = 5;

/**
 * The one place errors become responses: every error, from any layer, leaves as the v1 envelope
 * with the request id. Unexpected errors are logged with their stack and answered with no
 * internals.
 */
@Catch()
export class AllExceptionsFilter implements ExceptionFilter {
  constructor(
    private readonly logger: Logger,
    private readonly exposeStack: boolean,
  ) {}

  catch(exception: unknown, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    const req = http.getRequest<SokuRequest>();
    const res = http.getResponse<Response>();
    const error = this.toAppError(exception, req, res);

    if (error.status >= 500) {
      this.logger.error(
        { err: exception, requestId: req.id, method: req.method, url: req.originalUrl },
        'request failed',
      );
    }
    if (res.headersSent) {
      res.end();
      return;
    }
    const envelope: ErrorEnvelope = {
      error: {
        type: errorTypeFor(error.status),
        code: error.code,
        message: error.message,
        timestamp: error.firstAnswered?.timestamp ?? new Date().toISOString(),
        requestId: error.firstAnswered?.requestId ?? req.id,
        ...(error.details === undefined ? {} : { details: error.details }),
        ...(this.exposeStack && exception instanceof Error
          ? { debug: { name: exception.name, stack: exception.stack } }
          : {}),
      },
    };
    for (const [name, value] of Object.entries(error.headers)) {
      res.setHeader(name, value);
    }
    res.status(error.status).json(envelope);
  }

  private toAppError(exception: unknown, req: SokuRequest, res: Response): AppError {
    if (exception instanceof AppError) {
      return exception;
    }
    if (exception instanceof ThrottlerException) {
      // @nestjs/throttler's own guard: the documented message, Retry-After consistent with it.
      const seconds = Math.max(1, Number(res.getHeader('Retry-After')) || 60);
      return new RateLimitExceededError(seconds);
    }
    if (exception instanceof HttpException) {
      const status = exception.getStatus();
      if (status === 404) {
        // Nest's router throws this for a path no controller serves.
        return new AppError(404, ErrorCode.NotFound, `Route ${req.method} ${req.path} not found`);
      }
      if (status < 500) {
        return new AppError(
          status,
          HTTP_STATUS_CODES[status] ?? ErrorCode.InvalidRequest,
          exception.message,
        );
      }
    }
    const status = httpStatusOf(exception);
    if (status !== undefined && status >= 400 && status < 500) {
      // An Express-level error marked safe to expose (e.g. from a body parser).
      return new AppError(
        status,
        HTTP_STATUS_CODES[status] ?? ErrorCode.InvalidRequest,
        (exception as Error).message,
      );
    }
    const dependency = unavailableDependency(exception);
    if (dependency) {
      return new AppError(
        503,
        ErrorCode.ServiceUnavailable,
        UNAVAILABLE_MESSAGES[dependency],
        undefined,
        { 'Retry-After': String(UNAVAILABLE_RETRY_AFTER_SECONDS) },
      );
    }
    return new AppError(500, ErrorCode.InternalError, INTERNAL_MESSAGE);
  }
}

function httpStatusOf(exception: unknown): number | undefined {
  if (typeof exception !== 'object' || exception === null) {
    return undefined;
  }
  const candidate = exception as { status?: unknown; statusCode?: unknown; expose?: unknown };
  if (candidate.expose !== true) {
    return undefined;
  }
  const status = candidate.status ?? candidate.statusCode;
  return typeof status === 'number' ? status : undefined;
}
