import { Injectable } from '@nestjs/common';
import { Counter } from 'prom-client';
import { SokuMetrics } from '../../infra/metrics/soku-metrics';
import { RateLimitMetrics } from './rate-limit.metrics';

/** Publishes the limiter's own counters (RateLimitMetrics) in the Prometheus registry. */
@Injectable()
export class RateLimitMetricsExporter {
  constructor(source: RateLimitMetrics, metrics: SokuMetrics) {
    new Counter({
      name: 'soku_rate_limit_rejections_total',
      help: 'Requests refused with 429, by the global tier or an endpoint limit.',
      registers: [metrics.registry],
      collect() {
        this.reset();
        this.inc(source.rejectedTotal);
      },
    });
    new Counter({
      name: 'soku_rate_limit_store_fail_open_total',
      help: 'Rate-limit decisions taken without the shared store (Redis down or slow): the limiter failed open.',
      registers: [metrics.registry],
      collect() {
        this.reset();
        this.inc(source.storeFailOpenTotal);
      },
    });
  }
}
