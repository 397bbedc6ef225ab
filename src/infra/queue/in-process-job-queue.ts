import type { Logger } from 'pino';
import { type JobHandler, JobQueue, type JobSpec, type QueueDepth } from './job-queue';
import { type JobPayloads, QUEUE_NAMES, type QueueName } from './queues';

/** setTimeout's ceiling; a longer delay is re-armed when it fires. */
const MAX_TIMER_MS = 2 ** 31 - 1;
const HANDLER_RETRY_MS = 1000;
const HANDLER_ATTEMPTS = 3;

interface Lane {
  name: QueueName;
  handler?: JobHandler<QueueName>;
  concurrency: number;
  running: number;
  /** Jobs waiting for their delay (or a retry's) to pass. */
  delayed: number;
  ready: { jobId: string; payload: unknown; attempt: number }[];
  /** Ids waiting or running: adding one of them again is a no-op, as in Bull. */
  ids: Set<string>;
}

/**
 * The embedded mode's queue: in memory, same semantics as the Bull adapter (dedup by job id,
 * delays, bounded concurrency, a few retries when a handler throws). Losing it on restart loses
 * nothing: the reconciler rebuilds it from the database at start-up.
 */
export class InProcessJobQueue extends JobQueue {
  private readonly lanes = new Map<QueueName, Lane>();
  private readonly timers = new Set<NodeJS.Timeout>();
  private closed = false;

  constructor(private readonly logger: Logger) {
    super();
  }

  add<Q extends QueueName>(
    queue: Q,
    jobId: string,
    payload: JobPayloads[Q],
    delayMs = 0,
  ): Promise<void> {
    const lane = this.lane(queue);
    if (this.closed || lane.ids.has(jobId)) {
      return Promise.resolve();
    }
    lane.ids.add(jobId);
    this.later(lane, delayMs, () => {
      lane.ready.push({ jobId, payload, attempt: 1 });
      this.pump(lane);
    });
    return Promise.resolve();
  }

  async addBulk(jobs: JobSpec[]): Promise<void> {
    for (const job of jobs) {
      await this.add(job.queue, job.jobId, job.payload, job.delayMs);
    }
  }

  consume<Q extends QueueName>(queue: Q, concurrency: number, handler: JobHandler<Q>): void {
    const lane = this.lane(queue);
    lane.handler = handler as JobHandler<QueueName>;
    lane.concurrency = concurrency;
    this.pump(lane);
  }

  depths(): Promise<Record<QueueName, QueueDepth>> {
    return Promise.resolve(
      Object.fromEntries(
        QUEUE_NAMES.map((name) => {
          const lane = this.lane(name);
          return [
            name,
            { waiting: lane.ready.length, active: lane.running, delayed: lane.delayed },
          ];
        }),
      ) as Record<QueueName, QueueDepth>,
    );
  }

  async close(): Promise<void> {
    this.closed = true;
    for (const timer of this.timers) {
      clearTimeout(timer);
    }
    this.timers.clear();
    while ([...this.lanes.values()].some((lane) => lane.running > 0)) {
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
  }

  private lane(queue: QueueName): Lane {
    let lane = this.lanes.get(queue);
    if (!lane) {
      lane = { name: queue, concurrency: 1, running: 0, delayed: 0, ready: [], ids: new Set() };
      this.lanes.set(queue, lane);
    }
    return lane;
  }

  /** Fires now, or after the delay counting the job as delayed meanwhile. */
  private later(lane: Lane, delayMs: number, fire: () => void): void {
    if (delayMs <= 0) {
      fire();
      return;
    }
    lane.delayed++;
    this.after(delayMs, () => {
      lane.delayed--;
      fire();
    });
  }

  private after(delayMs: number, fire: () => void): void {
    if (delayMs <= 0) {
      fire();
      return;
    }
    const wait = Math.min(delayMs, MAX_TIMER_MS);
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      this.after(delayMs - wait, fire);
    }, wait);
    timer.unref();
    this.timers.add(timer);
  }

  private pump(lane: Lane): void {
    while (
      !this.closed &&
      lane.handler &&
      lane.running < lane.concurrency &&
      lane.ready.length > 0
    ) {
      const job = lane.ready.shift()!;
      lane.running++;
      lane
        .handler(job.payload as never)
        .then(
          () => lane.ids.delete(job.jobId),
          (error: unknown) => {
            this.logger.error(
              { err: error, jobId: job.jobId, attempt: job.attempt },
              'job handler failed',
            );
            this.handlerFailed(lane.name);
            if (job.attempt < HANDLER_ATTEMPTS) {
              this.later(lane, HANDLER_RETRY_MS * job.attempt, () => {
                lane.ready.push({ ...job, attempt: job.attempt + 1 });
                this.pump(lane);
              });
            } else {
              lane.ids.delete(job.jobId);
            }
          },
        )
        .finally(() => {
          lane.running--;
          this.pump(lane);
        });
    }
  }
}
