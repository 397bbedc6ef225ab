import { Injectable } from '@nestjs/common';
import { timingSafeEqual } from 'node:crypto';
import { NotFoundError, UnauthorizedError } from '../../common/errors';
import { SokuConfig } from '../../config/soku-config';
import { SokuMetrics } from '../../infra/metrics/soku-metrics';

const BEARER = /^Bearer\s+(\S+)\s*$/i;

/** `GET /metrics`: disabled (404) without SOKU_METRICS_TOKEN, else only for that bearer token. */
@Injectable()
export class MetricsService {
  constructor(
    private readonly metrics: SokuMetrics,
    private readonly config: SokuConfig,
  ) {}

  get contentType(): string {
    return this.metrics.registry.contentType;
  }

  async scrape(authorization: string | undefined): Promise<string> {
    const expected = this.config.app.metricsToken;
    if (expected === undefined) {
      throw new NotFoundError(
        'Metrics are disabled: set SOKU_METRICS_TOKEN to enable GET /metrics',
      );
    }
    const given = BEARER.exec(authorization ?? '')?.[1];
    if (given === undefined || !sameSecret(given, expected)) {
      throw new UnauthorizedError(
        given === undefined
          ? 'Missing metrics token: send Authorization: Bearer <SOKU_METRICS_TOKEN>'
          : 'Invalid metrics token',
      );
    }
    return this.metrics.registry.metrics();
  }
}

function sameSecret(a: string, b: string): boolean {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && timingSafeEqual(left, right);
}
