import { Injectable } from '@nestjs/common';
import { Gauge } from 'prom-client';
import { SokuMetrics } from '../../../infra/metrics/soku-metrics';
import { JobQueue, type QueueDepth } from '../../../infra/queue/job-queue';

/**
 * `soku_queue_jobs{queue,state}`, read from the queue at each scrape, and
 * `soku_queue_job_failures_total{queue}`, counted as handlers throw.
 */
@Injectable()
export class QueueMetrics {
  constructor(queue: JobQueue, metrics: SokuMetrics) {
    queue.onHandlerFailure((name) => metrics.queueJobFailures.inc({ queue: name }));
    new Gauge({
      name: 'soku_queue_jobs',
      help: 'Jobs per queue and state (waiting, active, delayed): the deployment-wide depth with Bull, this process with the in-process queue.',
      labelNames: ['queue', 'state'] as const,
      registers: [metrics.registry],
      async collect() {
        this.reset();
        // Redis down: the depth is unknown, and the scrape still answers with everything else.
        const depths: Partial<Record<string, QueueDepth>> = await queue.depths().catch(() => ({}));
        for (const [name, depth] of Object.entries(depths)) {
          for (const state of ['waiting', 'active', 'delayed'] as const) {
            this.set({ queue: name, state }, depth?.[state] ?? 0);
          }
        }
      },
    });
  }
}
