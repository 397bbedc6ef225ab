import { Injectable } from '@nestjs/common';
import { PostDispatcher } from '../posts/post-dispatcher';
import { JobQueue } from './queue/job-queue';
import { orchestrateJobId, publishJobId } from './queue/queues';

/** PostDispatcher on the queue: the orchestrate job is delayed until the post is due. */
@Injectable()
export class QueuePostDispatcher extends PostDispatcher {
  constructor(private readonly queue: JobQueue) {
    super();
  }

  async dispatch(submissionId: string, scheduledTime: Date): Promise<void> {
    await this.queue.add(
      'orchestrate',
      orchestrateJobId(submissionId, scheduledTime),
      { submissionId },
      scheduledTime.getTime() - Date.now(),
    );
  }

  async requeue(runs: { id: string; attempts: number }[]): Promise<void> {
    await Promise.all(
      runs.map((run) =>
        this.queue.add('publish', publishJobId(run.id, run.attempts), { runId: run.id }),
      ),
    );
  }
}
