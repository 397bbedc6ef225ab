import { Inject, Injectable } from '@nestjs/common';
import type { Logger } from 'pino';
import { APP_LOGGER } from '../../config/config.module';
import { JobBatcher } from '../../infra/queue/job-batcher';
import { orchestrateJobId, publishJobId } from '../../infra/queue/queues';
import { tolerateQueueOutage } from '../../infra/queue/tolerate-outage';
import { importsRemoteMedia } from '../connectors';
import type { CreatedSubmission, NewSubmission } from './submission-rows';
import type { RunRef } from './submissions.repository';

type Timing = Pick<NewSubmission, 'scheduledTime' | 'content'>;

/** Due now with no remote media to import: stored `dispatched`, its runs queued at once. */
function dispatchedAtOnce(submission: Timing): boolean {
  return (
    submission.scheduledTime.getTime() <= Date.now() && !importsRemoteMedia(submission.content)
  );
}

/**
 * Due later with no remote media to import: stored `queued` with its runs timed, each run's
 * publish job delayed until the scheduled time; the claim dispatches it (RunClaims). Nothing is
 * left for orchestration to do, so it costs no orchestrate job and no pass.
 */
function timedAtCreate(submission: Timing): boolean {
  return submission.scheduledTime.getTime() > Date.now() && !importsRemoteMedia(submission.content);
}

/** How a new submission starts, decided once: at most one of the two holds. */
export function startOf(submission: Timing): Pick<CreatedSubmission, 'dispatched' | 'timed'> {
  const dispatched = dispatchedAtOnce(submission);
  return { dispatched, timed: !dispatched && timedAtCreate(submission) };
}

/** What a creation stored, to start it. */
export type Created = Pick<CreatedSubmission, 'id' | 'runIds' | 'dispatched' | 'timed'> & {
  submission: Pick<NewSubmission, 'scheduledTime'>;
};

/**
 * How committed submissions get going: their runs on the publish queue now, or at the post's
 * time (timed), or an orchestrate job at its time (remote media to import first). Jobs go out
 * batched with concurrent callers' (one `addBulk`, see JobBatcher). A queue outage is not the
 * caller's failure: the submission is committed, and the reconciler enqueues what is due once
 * the queue is back.
 */
@Injectable()
export class SubmissionStarts {
  constructor(
    private readonly queue: JobBatcher,
    @Inject(APP_LOGGER) private readonly logger: Logger,
  ) {}

  async start(created: Created): Promise<void> {
    const { id, runIds, submission } = created;
    if (created.dispatched) {
      await this.enqueueRuns(runIds.map((runId) => ({ id: runId, attempts: 0 })));
    } else if (created.timed) {
      await this.enqueueTimedRuns(runIds, submission.scheduledTime);
    } else {
      await this.orchestrate(id, submission.scheduledTime);
    }
  }

  /** The submission's orchestrate job; `scheduledTime` in the future delays it until then. */
  orchestrate(submissionId: string, scheduledTime: Date): Promise<void> {
    return this.tolerant(
      this.queue.add([
        {
          queue: 'orchestrate',
          jobId: orchestrateJobId(submissionId, scheduledTime),
          payload: { submissionId },
          delayMs: scheduledTime.getTime() - Date.now(),
        },
      ]),
    );
  }

  enqueueRuns(runs: RunRef[]): Promise<void> {
    return this.tolerant(
      this.queue.add(
        runs.map((run) => ({
          queue: 'publish',
          jobId: publishJobId(run.id, run.attempts),
          payload: { runId: run.id },
        })),
      ),
    );
  }

  /** The timers of a timed submission's runs: their first attempts, due at `dueAt`. */
  private enqueueTimedRuns(runIds: string[], dueAt: Date): Promise<void> {
    return this.tolerant(
      this.queue.add(
        runIds.map((id) => ({
          queue: 'publish',
          jobId: publishJobId(id, 0, dueAt),
          payload: { runId: id, timed: true },
          delayMs: dueAt.getTime() - Date.now(),
        })),
      ),
    );
  }

  private tolerant(adding: Promise<void>): Promise<void> {
    return tolerateQueueOutage(adding, this.logger, 'the reconciler');
  }
}
