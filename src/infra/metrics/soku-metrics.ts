import { Injectable } from '@nestjs/common';
import { collectDefaultMetrics, Counter, Histogram, Registry } from 'prom-client';

/**
 * This process's Prometheus registry and the instruments the modules record into. Counters are
 * per process (Prometheus sums them over the api and worker pods); queue depths are read from
 * the queue when scraped.
 */
@Injectable()
export class SokuMetrics {
  readonly registry = new Registry();

  readonly httpRequests = new Counter({
    name: 'soku_http_requests_total',
    help: 'HTTP requests answered, by method, route template and status.',
    labelNames: ['method', 'route', 'status'] as const,
    registers: [this.registry],
  });

  readonly httpDuration = new Histogram({
    name: 'soku_http_request_duration_seconds',
    help: 'Time from the request arriving to the response finishing, by method, route template and status.',
    labelNames: ['method', 'route', 'status'] as const,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [this.registry],
  });

  readonly runsFinished = new Counter({
    name: 'soku_post_runs_finished_total',
    help: 'Publish runs that reached a terminal state in this process, by platform and outcome.',
    labelNames: ['platform', 'outcome'] as const,
    registers: [this.registry],
  });

  readonly webhookDeliveries = new Counter({
    name: 'soku_webhook_delivery_attempts_total',
    help: 'Webhook delivery attempts, by outcome: succeeded, retrying (will be tried again) or failed (given up).',
    labelNames: ['outcome'] as const,
    registers: [this.registry],
  });

  readonly creditsDebited = new Counter({
    name: 'soku_credits_debited_total',
    help: 'AI credits debited from user balances.',
    registers: [this.registry],
  });

  readonly queueJobFailures = new Counter({
    name: 'soku_queue_job_failures_total',
    help: 'Queue jobs whose handler threw (the queue retries them), by queue.',
    labelNames: ['queue'] as const,
    registers: [this.registry],
  });

  constructor() {
    collectDefaultMetrics({ register: this.registry, prefix: 'soku_' });
  }
}
