import { type CanActivate, type ExecutionContext, Injectable } from '@nestjs/common';
import { AdminRequiredError, type AuthRequest } from '../auth';

/** After the ID-token guard: only users flagged admin (`users.is_admin`) pass; others get 403. */
@Injectable()
export class AdminGuard implements CanActivate {
  canActivate(ctx: ExecutionContext): boolean {
    if (!ctx.switchToHttp().getRequest<AuthRequest>().auth?.isAdmin) {
      throw new AdminRequiredError();
    }
    return true;
  }
}
