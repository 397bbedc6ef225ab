import { JobQueue } from '../../src/infra/queue/job-queue';
import type { QueueName } from '../../src/infra/queue/queues';
import type { TestApp } from './test-app';

/**
 * Records the queue of every job the app adds from now on, into the returned array (empty it to
 * start again). It observes the real queue, every call going through: the app's jobs go out in
 * bulk adds (JobBatcher), which the in-process queue carries out job by job.
 */
export function recordEnqueued(t: TestApp): QueueName[] {
  const enqueued: QueueName[] = [];
  const queue = t.app.get(JobQueue);
  const addBulk = queue.addBulk.bind(queue);
  queue.addBulk = (jobs) => {
    enqueued.push(...jobs.map((job) => job.queue));
    return addBulk(jobs);
  };
  return enqueued;
}
