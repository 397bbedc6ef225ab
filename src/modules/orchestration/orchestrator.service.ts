import { Injectable } from '@nestjs/common';
import { PostLifecycleService } from '../posts/post-lifecycle.service';
import { JobQueue } from './queue/job-queue';
import { publishJobId } from './queue/queues';

/** The orchestrate job: a due submission's runs go onto the publish queue, then it is `dispatched`. */
@Injectable()
export class Orchestrator {
  constructor(
    private readonly lifecycle: PostLifecycleService,
    private readonly queue: JobQueue,
  ) {}

  async orchestrate(submissionId: string): Promise<void> {
    const runs = await this.lifecycle.beginOrchestration(submissionId);
    if (!runs) {
      return;
    }
    await Promise.all(
      runs.map((run) =>
        this.queue.add('publish', publishJobId(run.id, run.attempts), { runId: run.id }),
      ),
    );
    await this.lifecycle.markDispatched(submissionId);
  }
}
