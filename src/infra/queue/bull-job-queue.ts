import type Queue from 'bull';
import type { Queue as BullQueue } from 'bull';
import type { Logger } from 'pino';
import { withTimeout } from '../../common/async/with-timeout';
import { QueueUnavailableError } from '../../common/errors';
import { type JobHandler, JobQueue, type JobSpec, type QueueDepth } from './job-queue';
import { type JobPayloads, QUEUE_NAMES, type QueueName } from './queues';

const JOB_OPTIONS: Queue.JobOptions = {
  // A handler that throws (database down) is retried by Bull; business failures never throw.
  attempts: 3,
  backoff: { type: 'exponential', delay: 1000 },
  // Removed either way: a stored job would block re-enqueueing its id, and the reconciler re-drives
  // from the database whatever a failed job left undone.
  removeOnComplete: true,
  removeOnFail: true,
};

const jobOptions = (jobId: string, delayMs = 0): Queue.JobOptions => ({
  ...JOB_OPTIONS,
  jobId,
  delay: Math.max(0, delayMs),
});

/** Connection states after a lost connection (at boot it is still connecting: that may wait). */
const LOST = new Set(['reconnecting', 'close', 'end']);

/**
 * A dead worker's jobs are reclaimed once its lock lapses: 15 s locks (renewed while the handler
 * runs) checked every 5 s, instead of Bull's 30 s and 30 s.
 */
export const BULL_QUEUE_SETTINGS: Queue.AdvancedSettings = {
  lockDuration: 15_000,
  lockRenewTime: 5_000,
  stalledInterval: 5_000,
  maxStalledCount: 1,
};

/**
 * The scaled mode's queue: Bull on Redis, shared by any number of API and worker processes. The
 * Bull queues are the ones `BullModule.registerQueue` provides (see QueueModule).
 */
export class BullJobQueue extends JobQueue {
  constructor(
    private readonly queues: Record<QueueName, BullQueue>,
    private readonly logger: Logger,
    /** Longest wait for Redis to take a job before the caller is told the queue is unavailable. */
    private readonly addTimeoutMs: number,
  ) {
    super();
    for (const name of QUEUE_NAMES) {
      const queue = queues[name];
      queue.on('error', (error) => logger.warn({ err: error, queue: name }, 'queue error'));
      queue.on('stalled', (job) => logger.warn({ jobId: job.id, queue: name }, 'job stalled'));
      queue.on('failed', () => this.handlerFailed(name));
    }
  }

  async add<Q extends QueueName>(
    queue: Q,
    jobId: string,
    payload: JobPayloads[Q],
    delayMs = 0,
  ): Promise<void> {
    const bull = this.reachable(queue);
    await this.taken(bull.add(payload, jobOptions(jobId, delayMs)));
  }

  /** One MULTI per queue named in `jobs` (Bull's addBulk), all sent at once. */
  async addBulk(jobs: JobSpec[]): Promise<void> {
    const byQueue = new Map<QueueName, JobSpec[]>();
    for (const job of jobs) {
      byQueue.set(job.queue, [...(byQueue.get(job.queue) ?? []), job]);
    }
    const sends = [...byQueue].map(([queue, specs]) =>
      this.reachable(queue).addBulk(
        specs.map((spec) => ({ data: spec.payload, opts: jobOptions(spec.jobId, spec.delayMs) })),
      ),
    );
    await this.taken(Promise.all(sends));
  }

  /** The queue, unless its connection is lost: Bull would hold commands, a caller must not wait. */
  private reachable(queue: QueueName): BullQueue {
    const bull = this.queues[queue];
    if (LOST.has(bull.client.status)) {
      throw new QueueUnavailableError(`Redis is ${bull.client.status}`);
    }
    return bull;
  }

  private async taken(adding: Promise<unknown>): Promise<void> {
    await withTimeout(
      adding,
      this.addTimeoutMs,
      () => new QueueUnavailableError(`Redis did not take the job within ${this.addTimeoutMs} ms`),
    );
  }

  consume<Q extends QueueName>(queue: Q, concurrency: number, handler: JobHandler<Q>): void {
    // process() rejects when Redis cannot be reached; Bull keeps reconnecting, so it is logged.
    this.queues[queue]
      .process(concurrency, (job: Queue.Job<JobPayloads[Q]>) => handler(job.data))
      .catch((error: unknown) => this.logger.warn({ err: error, queue }, 'queue consumer error'));
  }

  /** The Bull queues themselves, for the admin queue dashboard (bull-board). */
  get bullQueues(): BullQueue[] {
    return Object.values(this.queues);
  }

  async depths(): Promise<Record<QueueName, QueueDepth>> {
    const counts = await Promise.all(
      QUEUE_NAMES.map(async (name) => {
        const c = await this.queues[name].getJobCounts();
        return [name, { waiting: c.waiting, active: c.active, delayed: c.delayed }] as const;
      }),
    );
    return Object.fromEntries(counts) as Record<QueueName, QueueDepth>;
  }

  /**
   * Bull pauses this process's consumers and waits for its active jobs before disconnecting
   * (@nestjs/bull closes each queue again at shutdown: Bull returns the same closing promise).
   */
  async close(): Promise<void> {
    await Promise.all(Object.values(this.queues).map((queue) => queue.close()));
  }
}
