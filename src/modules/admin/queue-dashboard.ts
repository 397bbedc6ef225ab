import { Injectable } from '@nestjs/common';
import { createBullBoard } from '@bull-board/api';
import { BullAdapter } from '@bull-board/api/bullAdapter';
import { ExpressAdapter } from '@bull-board/express';
import express, {
  type NextFunction,
  type Request,
  type RequestHandler,
  type Response,
  type Router,
} from 'express';
import { SokuConfig } from '../../config/soku-config';
import {
  AdminRequiredError,
  CallerResolver,
  DASHBOARD_COOKIE,
  QUEUE_DASHBOARD_PATH,
} from '../auth';
import { QueueDashboardUnavailableError } from './admin.errors';
import { BullJobQueue } from '../../infra/queue/bull-job-queue';
import { JobQueue } from '../../infra/queue/job-queue';

export { QUEUE_DASHBOARD_PATH };

/**
 * bull-board at /admin/queues in scaled mode (Bull), for admins only: `Authorization: Bearer
 * <admin ID token>`, or the cookie `POST /admin/queues/session` sets from that token. Without
 * Bull (embedded mode) every path answers a 404 envelope saying the dashboard needs Redis.
 */
@Injectable()
export class QueueDashboard {
  constructor(
    private readonly queue: JobQueue,
    private readonly callers: CallerResolver,
    private readonly config: SokuConfig,
  ) {}

  /** The Express router to mount at QUEUE_DASHBOARD_PATH. */
  router(): Router {
    const router = express.Router();
    if (!(this.queue instanceof BullJobQueue)) {
      // The session endpoint is a Nest route: its guard answers bad credentials first.
      router.use((req, _res, next) =>
        req.path === '/session' ? next('router') : next(new QueueDashboardUnavailableError()),
      );
      return router;
    }
    const server = new ExpressAdapter();
    server.setBasePath(QUEUE_DASHBOARD_PATH);
    createBullBoard({
      queues: this.queue.bullQueues.map((queue) => new BullAdapter(queue)),
      serverAdapter: server,
      options: { uiConfig: { boardTitle: 'Soku queues' } },
    });
    router.use(this.adminOnly, server.getRouter() as RequestHandler);
    return router;
  }

  /** Throws the 404 of embedded mode, where there is no Bull to show. */
  assertAvailable(): void {
    if (!(this.queue instanceof BullJobQueue)) {
      throw new QueueDashboardUnavailableError();
    }
  }

  /** Throws the 401/403 the caller deserves, or resolves once they are a (non-disabled) admin. */
  async requireAdmin(req: Request): Promise<void> {
    // The same memoized lookup the rate limiter used, so cookie and header count alike.
    const verified = await this.callers.idToken(req);
    if (!verified.ok) {
      throw verified.error;
    }
    if (!verified.value.user.isAdmin) {
      throw new AdminRequiredError();
    }
  }

  /** The Set-Cookie value carrying `token` to the dashboard's pages (path-scoped, HttpOnly). */
  sessionCookie(token: string, maxAgeSeconds: number): string {
    const secure = this.config.app.publicUrl.startsWith('https:') ? '; Secure' : '';
    return `${DASHBOARD_COOKIE}=${token}; Path=${QUEUE_DASHBOARD_PATH}; Max-Age=${maxAgeSeconds}; HttpOnly; SameSite=Strict${secure}`;
  }

  private readonly adminOnly: RequestHandler = (
    req: Request,
    _res: Response,
    next: NextFunction,
  ) => {
    // The session endpoint is a Nest route (documented, guarded there): let it through.
    if (req.path === '/session') {
      next('router');
      return;
    }
    this.requireAdmin(req).then(() => next(), next);
  };
}
