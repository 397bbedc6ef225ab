import { Injectable } from '@nestjs/common';
import type { NextFunction, Request, RequestHandler, Response } from 'express';
import { routeTemplate } from '../../common/http/route-template';
import { SokuMetrics } from '../../infra/metrics/soku-metrics';

/** Label of requests no route matched: one series, whatever paths scanners try. */
const UNMATCHED = '(unmatched)';

/** Counts and times every HTTP response by route template. Edge middleware: sees every request. */
@Injectable()
export class HttpMetricsMiddleware {
  constructor(private readonly metrics: SokuMetrics) {}

  readonly handler: RequestHandler = (req: Request, res: Response, next: NextFunction) => {
    const started = process.hrtime.bigint();
    res.once('finish', () => {
      const labels = {
        method: req.method,
        route: routeTemplate(req) ?? UNMATCHED,
        status: String(res.statusCode),
      };
      this.metrics.httpRequests.inc(labels);
      this.metrics.httpDuration.observe(labels, Number(process.hrtime.bigint() - started) / 1e9);
    });
    next();
  };
}
