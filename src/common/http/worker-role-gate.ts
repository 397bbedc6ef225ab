import type { NextFunction, Request, RequestHandler, Response } from 'express';
import { NotFoundError } from '../errors';

/** What a worker process serves: the probes and the metrics of its own jobs. */
const WORKER_ROUTES = new Set(['/health', '/health/ready', '/metrics']);

/**
 * In `SOKU_ROLE=worker` the HTTP server exists for the orchestrator's probes and Prometheus;
 * every other path is a 404 that says where the API is.
 */
export function workerRoleGate(): RequestHandler {
  return (req: Request, _res: Response, next: NextFunction) => {
    if (WORKER_ROUTES.has(req.path.replace(/\/+$/, '') || '/')) {
      next();
      return;
    }
    next(
      new NotFoundError(
        'This process runs SOKU_ROLE=worker: it serves only /health, /health/ready and /metrics; call a process with role api or all',
      ),
    );
  };
}
