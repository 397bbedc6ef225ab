import { Injectable } from '@nestjs/common';
import type { NextFunction, Request, RequestHandler, Response } from 'express';
import { routeTemplate } from '../../common/http/route-template';
import type { AuthRequest } from '../auth';
import { RequestLogWriter } from './request-log.writer';

const MAX_TEXT = 512;

/**
 * Records every authenticated request once its response is done, whatever answered it (the
 * controller, a guard, the global rate limit, the 404 of an unknown route). Edge middleware, so
 * it runs before anything can refuse the request.
 */
@Injectable()
export class RequestLogMiddleware {
  constructor(private readonly writer: RequestLogWriter) {}

  readonly handler: RequestHandler = (req: Request, res: Response, next: NextFunction) => {
    const createdAt = new Date();
    const started = process.hrtime.bigint();
    res.once('close', () => {
      const { auth, id } = req as AuthRequest;
      if (!auth) {
        return;
      }
      const idempotencyKey = res.getHeader('Idempotency-Key');
      this.writer.record({
        userId: auth.userId,
        profileId: auth.profileId,
        apiKeyId: auth.apiKeyId,
        method: req.method,
        route: routeOf(req),
        status: res.statusCode,
        requestId: id,
        idempotencyKey: typeof idempotencyKey === 'string' ? idempotencyKey : null,
        latencyMs: Math.round(Number(process.hrtime.bigint() - started) / 1e3) / 1e3,
        ip: req.ip ?? null,
        userAgent: req.headers['user-agent']?.slice(0, MAX_TEXT) ?? null,
        createdAt,
      });
    });
    next();
  };
}

function routeOf(req: Request): string {
  return (routeTemplate(req) ?? req.originalUrl.split('?')[0]).slice(0, MAX_TEXT);
}
