import type { ExecutionContext } from '@nestjs/common';
import type { Reflector } from '@nestjs/core';
import { AUTH_METADATA, type AuthRequirement } from '../auth-request';

export function authRequirement(
  reflector: Reflector,
  ctx: ExecutionContext,
): AuthRequirement | undefined {
  return reflector.getAllAndOverride<AuthRequirement | undefined>(AUTH_METADATA, [
    ctx.getHandler(),
    ctx.getClass(),
  ]);
}
