import { Injectable } from '@nestjs/common';
import { JobQueue, type JobSpec } from './job-queue';

interface Waiting {
  jobs: JobSpec[];
  resolve: () => void;
  reject: (error: unknown) => void;
}

/**
 * Coalesces the jobs of concurrent callers (every request whose insert came back in the same
 * turn of the event loop) into one `addBulk`: one Redis round trip instead of one per job. Each
 * caller's promise settles with the bulk add that carried its jobs, so a request answers only
 * once its jobs were handed over, or learns, as with `add`, that the queue is unavailable.
 */
@Injectable()
export class JobBatcher {
  private waiting: Waiting[] = [];

  constructor(private readonly queue: JobQueue) {}

  add(jobs: JobSpec[]): Promise<void> {
    if (jobs.length === 0) {
      return Promise.resolve();
    }
    return new Promise<void>((resolve, reject) => {
      if (this.waiting.length === 0) {
        setImmediate(() => this.flush());
      }
      this.waiting.push({ jobs, resolve, reject });
    });
  }

  private flush(): void {
    const batch = this.waiting;
    this.waiting = [];
    this.queue.addBulk(batch.flatMap((caller) => caller.jobs)).then(
      () => batch.forEach((caller) => caller.resolve()),
      (error: unknown) => batch.forEach((caller) => caller.reject(error)),
    );
  }
}
