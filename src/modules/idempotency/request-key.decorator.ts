import { createParamDecorator, type ExecutionContext } from '@nestjs/common';

/** The Idempotency-Key the @Idempotent() interceptor settled on (sent, or derived from the body). */
export const RequestKey = createParamDecorator((_data: unknown, ctx: ExecutionContext): string => {
  const key = ctx.switchToHttp().getRequest<{ idempotencyKey?: string }>().idempotencyKey;
  if (!key) {
    throw new Error('RequestKey used on a route without @Idempotent()');
  }
  return key;
});
