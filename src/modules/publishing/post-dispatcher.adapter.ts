import { Inject, Injectable } from '@nestjs/common';
import type { Logger } from 'pino';
import { QueueUnavailableError } from '../../common/errors';
import { APP_LOGGER } from '../../config/config.module';
import { PostDispatcher } from '../posts/post-dispatcher';
import { JobQueue } from '../../infra/queue/job-queue';
import { orchestrateJobId, publishJobId } from '../../infra/queue/queues';

/**
 * PostDispatcher on the queue: the orchestrate job is delayed until the post is due. The
 * submission is already committed, so a queue outage is not the caller's failure: the reconciler
 * enqueues what is due once Redis is back.
 */
@Injectable()
export class QueuePostDispatcher extends PostDispatcher {
  constructor(
    private readonly queue: JobQueue,
    @Inject(APP_LOGGER) private readonly logger: Logger,
  ) {
    super();
  }

  async dispatch(submissionId: string, scheduledTime: Date): Promise<void> {
    await this.tolerateOutage(
      this.queue.add(
        'orchestrate',
        orchestrateJobId(submissionId, scheduledTime),
        { submissionId },
        scheduledTime.getTime() - Date.now(),
      ),
    );
  }

  async requeue(runs: { id: string; attempts: number }[]): Promise<void> {
    await this.tolerateOutage(
      Promise.all(
        runs.map((run) =>
          this.queue.add('publish', publishJobId(run.id, run.attempts), { runId: run.id }),
        ),
      ),
    );
  }

  private async tolerateOutage(enqueue: Promise<unknown>): Promise<void> {
    try {
      await enqueue;
    } catch (error) {
      if (!(error instanceof QueueUnavailableError)) {
        throw error;
      }
      this.logger.warn({ err: error }, 'queue unavailable: the reconciler will enqueue the post');
    }
  }
}
