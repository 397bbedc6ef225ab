import {
  type CallHandler,
  type ExecutionContext,
  Injectable,
  type NestInterceptor,
} from '@nestjs/common';
import { HTTP_CODE_METADATA } from '@nestjs/common/constants';
import { Reflector } from '@nestjs/core';
import type { Response } from 'express';
import { catchError, concatMap, finalize, from, type Observable, of } from 'rxjs';
import type { Scope } from '../../common/auth/route-auth';
import type { AuthRequest } from '../auth';
import {
  canonicalJson,
  derivedIdempotencyKey,
  IDEMPOTENCY_HEADER,
  parseIdempotencyKey,
  sha256,
} from './idempotency-key';
import { type HeldClaim, IdempotencyScope } from './idempotency-scope';
import { IdempotencyService } from './idempotency.service';

/**
 * Runs an @Idempotent() handler at most once per (user, profile, endpoint, key). It runs after the auth
 * and rate-limit guards and wraps the validation pipe, so a body that fails validation releases
 * its claim. The stored body is the serialized JSON the client got, replayed byte for byte; a
 * stored error replays the same envelope, its timestamp and requestId included.
 */
@Injectable()
export class IdempotencyInterceptor implements NestInterceptor {
  constructor(
    private readonly idempotency: IdempotencyService,
    private readonly scope: IdempotencyScope,
    private readonly reflector: Reflector,
  ) {}

  async intercept(ctx: ExecutionContext, next: CallHandler): Promise<Observable<unknown>> {
    const req = ctx.switchToHttp().getRequest<AuthRequest>();
    const res = ctx.switchToHttp().getResponse<Response>();
    if (!req.auth) {
      throw new Error('@Idempotent() needs an authenticated route (@ApiKeyAuth())');
    }
    const { userId, profileId } = req.auth;
    const scope: Scope = { userId, profileId };
    const endpoint = `${req.method} ${req.baseUrl}${(req.route as { path: string }).path}`;
    const requestHash = sha256(canonicalJson(req.body ?? {}));
    const explicit = parseIdempotencyKey(req.headers['idempotency-key']);
    const key = explicit ?? derivedIdempotencyKey(userId, endpoint, requestHash);
    res.setHeader(IDEMPOTENCY_HEADER, key);
    (req as AuthRequest & { idempotencyKey?: string }).idempotencyKey = key;

    const claim = await this.idempotency.claim({ ...scope, endpoint, key, requestHash });
    switch (claim.kind) {
      case 'replay-error':
        res.setHeader('Idempotent-Replayed', 'true');
        throw claim.error;
      case 'replay':
        res.setHeader('Idempotent-Replayed', 'true');
        res.type('application/json');
        // Nest sends a string as is: the very bytes the first request got.
        return of(claim.body);
      case 'claimed':
        break;
    }

    // Only an explicit key stores business errors; their replay keeps this request's id.
    const storedErrorsAnswer = explicit === undefined ? undefined : { requestId: req.id };
    const held: HeldClaim = { ...scope, id: claim.id, status: this.statusOf(ctx, req.method) };
    const heartbeat = setInterval(
      () => void this.idempotency.renewLock(scope, claim.id),
      (this.idempotency.lockSeconds * 1000) / 3,
    );
    heartbeat.unref();
    // Nest binds the handler to the async context current when handle() is called.
    return this.scope
      .run(held, () => next.handle())
      .pipe(
        catchError((error: unknown) =>
          from(
            this.idempotency.fail(scope, claim.id, error, storedErrorsAnswer).then(() => {
              throw error;
            }),
          ),
        ),
        concatMap(async (data: unknown) => {
          if (held.storedBody === undefined) {
            const body = data === undefined ? '' : JSON.stringify(data);
            const { status, replayUntil } = held;
            await this.idempotency.complete(scope, claim.id, { status, body, replayUntil });
          }
          return data;
        }),
        finalize(() => clearInterval(heartbeat)),
      );
  }

  /** The status Nest will send: @HttpCode, else 201 for POST and 200 otherwise. */
  private statusOf(ctx: ExecutionContext, method: string): number {
    return (
      this.reflector.get<number | undefined>(HTTP_CODE_METADATA, ctx.getHandler()) ??
      (method === 'POST' ? 201 : 200)
    );
  }
}
