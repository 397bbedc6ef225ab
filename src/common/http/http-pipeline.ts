import { isUtf8 } from 'node:buffer';
import type { IncomingMessage } from 'node:http';
import type { NextFunction, Request, RequestHandler, Response } from 'express';
import express from 'express';
import type { Logger } from 'pino';
import { AppError, ErrorCode, ValidationFailedError } from '../errors';
import { unsafeInputProblems } from '../validation/unsafe-input';
import { resolveRequestId } from './request-id';
import { pathOf, redactedQuery } from '../logging/redaction';
import { requestContext, type SokuRequest } from './request-context';
import { SECURITY_HEADERS } from './security-headers';

export const MAX_BODY_BYTES = 1024 * 1024;

/**
 * Routes whose handler streams a raw body itself, so neither the JSON-only rule nor the 1 MB
 * limit applies: the signed PUT target of local direct uploads (`/media/upload-<id>`).
 */
const STREAMED_BODY_ROUTES: { method: string; path: RegExp }[] = [
  { method: 'PUT', path: /^\/media\/upload-[^/]+$/ },
];

function streamsOwnBody(req: Request): boolean {
  return STREAMED_BODY_ROUTES.some(
    (route) => route.method === req.method && route.path.test(req.path),
  );
}

/** The bulk import takes up to 500 posts, as JSON or as `text/csv`: a larger limit of its own. */
export const BULK_MAX_BODY_BYTES = 5 * 1024 * 1024;

function isBulkImport(req: IncomingMessage): boolean {
  return req.method === 'POST' && /^\/v1\/posts\/bulk\/?(\?|$)/.test(req.url ?? '');
}

/** `text/csv`, in UTF-8 (RFC 4180 section 3 lets the sender name a charset; we read only UTF-8). */
function isCsv(req: IncomingMessage): boolean {
  return isBulkImport(req) && hasUtf8Type(req, /^text\/csv\s*(;|$)/i);
}

/**
 * The Express middleware that runs before Nest's router, in order. Errors they raise go through
 * Nest's error handler and so through the one exception filter. `edge` runs right after the
 * request id and security headers and before the body is read (the request log, the global
 * rate limit), so it sees every request, whatever happens to it later.
 */
export function httpPipeline(logger: Logger, edge: RequestHandler[] = []): RequestHandler[] {
  return [identify(logger), ...edge, requireJsonContentType, parseJsonBody, runInRequestContext];
}

/**
 * Request id and security headers first, so every response carries them, errors included; one
 * access-log line when the response is done.
 */
function identify(logger: Logger): RequestHandler {
  return (req, res, next) => {
    const request = req as SokuRequest;
    request.id = resolveRequestId(req.headers['x-request-id']);
    request.startedAt = process.hrtime.bigint();
    res.setHeader('X-Request-ID', request.id);
    for (const [name, value] of Object.entries(SECURITY_HEADERS)) {
      res.setHeader(name, value);
    }
    res.on('finish', () => {
      const ms = Number(process.hrtime.bigint() - request.startedAt) / 1e6;
      logger.info(
        {
          requestId: request.id,
          method: req.method,
          // The path, and the query with credential values redacted: URLs carry keys, signatures, codes.
          path: pathOf(req.originalUrl),
          query: redactedQuery(req.originalUrl),
          status: res.statusCode,
          ms: Math.round(ms * 10) / 10,
        },
        'request completed',
      );
    });
    next();
  };
}

function hasBody(req: Request): boolean {
  const length = req.headers['content-length'];
  return req.headers['transfer-encoding'] !== undefined || (length !== undefined && length !== '0');
}

/** `application/json`, in UTF-8: RFC 8259 allows no other encoding for JSON on the wire. */
function isJson(req: IncomingMessage): boolean {
  return hasUtf8Type(req, /^application\/json\s*(;|$)/i);
}

function hasUtf8Type(req: IncomingMessage, mediaType: RegExp): boolean {
  const type = req.headers['content-type'];
  if (type === undefined || !mediaType.test(type)) {
    return false;
  }
  const charset = /;\s*charset\s*=\s*"?([^";\s]*)/i.exec(type)?.[1];
  return charset === undefined || /^utf-?8$/i.test(charset);
}

function requireJsonContentType(req: Request, _res: Response, next: NextFunction): void {
  if (hasBody(req) && !isJson(req) && !isCsv(req) && !streamsOwnBody(req)) {
    const received = req.headers['content-type'] ?? 'none';
    next(
      new AppError(
        415,
        ErrorCode.UnsupportedMediaType,
        `Content-Type must be application/json (received ${received})`,
      ),
    );
    return;
  }
  next();
}

const jsonParser = express.json({
  limit: MAX_BODY_BYTES,
  type: (req) => isJson(req) && !isBulkImport(req),
  strict: true,
  verify: refuseInvalidUtf8,
});

const bulkJsonParser = express.json({
  limit: BULK_MAX_BODY_BYTES,
  type: (req) => isJson(req) && isBulkImport(req),
  strict: true,
  verify: refuseInvalidUtf8,
});

const csvParser = express.text({
  limit: BULK_MAX_BODY_BYTES,
  type: isCsv,
  verify: refuseInvalidUtf8,
});

const INVALID_UTF8 = 'entity.utf8.invalid';

/** Decoding would silently turn invalid bytes into U+FFFD and accept the body: refuse them. */
function refuseInvalidUtf8(_req: IncomingMessage, _res: unknown, body: Buffer, encoding: string) {
  if (/^utf-?8$/i.test(encoding) && !isUtf8(body)) {
    throw Object.assign(new Error('Request body is not valid UTF-8'), { type: INVALID_UTF8 });
  }
}

interface BodyParserError extends Error {
  type?: string;
  status?: number;
}

function parseJsonBody(req: Request, res: Response, next: NextFunction): void {
  const bulk = isBulkImport(req);
  const parser = !bulk ? jsonParser : isCsv(req) ? csvParser : bulkJsonParser;
  parser(req, res, (error?: unknown) => {
    if (error !== undefined) {
      next(
        bodyParserToAppError(error as BodyParserError, bulk ? BULK_MAX_BODY_BYTES : MAX_BODY_BYTES),
      );
      return;
    }
    // Here, not in the validation pipe: interceptors (idempotency) walk the body before pipes.
    const unsafe = unsafeInputProblems(req.body, 'body');
    next(unsafe.length > 0 ? new ValidationFailedError(unsafe) : undefined);
  });
}

function bodyParserToAppError(error: BodyParserError, limit: number): AppError | BodyParserError {
  switch (error.type ?? '') {
    case 'entity.too.large':
      return new AppError(
        413,
        ErrorCode.PayloadTooLarge,
        `Request body exceeds the ${limit / 1024 / 1024} MB limit`,
      );
    case 'entity.parse.failed':
      return new ValidationFailedError(
        [{ field: 'body', message: `Malformed JSON: ${error.message}`, code: 'invalid_json' }],
        'Request body is not valid JSON',
      );
    case INVALID_UTF8:
      return new ValidationFailedError(
        [{ field: 'body', message: error.message, code: 'invalid_utf8' }],
        error.message,
      );
    case 'encoding.unsupported':
    case 'charset.unsupported':
      return new AppError(415, ErrorCode.UnsupportedMediaType, error.message);
    case 'request.aborted':
    case 'request.size.invalid':
      return new AppError(400, ErrorCode.ValidationError, error.message);
    default:
      return error;
  }
}

/**
 * Runs the rest of the request inside its async context. It comes after the body parser, whose
 * stream callbacks would otherwise lose the context.
 */
function runInRequestContext(req: Request, _res: Response, next: NextFunction): void {
  requestContext.run({ requestId: (req as SokuRequest).id }, next);
}
