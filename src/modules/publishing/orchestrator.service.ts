import { Injectable } from '@nestjs/common';
import { Transactions } from '../../database/transaction';
import { remoteMediaUrls } from '../connectors';
import { UploadFailedError } from '../media';
import { MediaService } from '../media';
import { mediaHolder } from './media-holder';
import { JobQueue } from '../../infra/queue/job-queue';
import { publishJobId } from '../../infra/queue/queues';
import { RunsRepository } from './runs.repository';
import { type Orchestration, SubmissionsRepository } from './submissions.repository';

/**
 * The orchestrate job: once a submission is due, its remote media are imported into storage
 * (once, for every run), its runs go onto the publish queue, and it is `dispatched`.
 */
@Injectable()
export class Orchestrator {
  constructor(
    private readonly submissions: SubmissionsRepository,
    private readonly runs: RunsRepository,
    private readonly media: MediaService,
    private readonly queue: JobQueue,
    private readonly transactions: Transactions,
  ) {}

  async orchestrate(submissionId: string): Promise<void> {
    const orchestration = await this.submissions.beginOrchestration(submissionId);
    if (!orchestration) {
      return;
    }
    const mediaIds =
      orchestration.mediaIds ?? (await this.importMedia(submissionId, orchestration));
    // Dispatched first: should the enqueueing below be lost, the reconciler re-drives the queued
    // runs of dispatched submissions.
    await this.submissions.markDispatched(submissionId, mediaIds);
    if (mediaIds) {
      await Promise.all(
        orchestration.runs.map((run) =>
          this.queue.add('publish', publishJobId(run.id, run.attempts), { runId: run.id }),
        ),
      );
    }
  }

  /**
   * Imports `videoUrl`, `imageUrls` and `mediaUrls`; returns the submission's stored media (the
   * imported copies, then its own `mediaIds`). A URL that cannot be imported fails every run with
   * its reason, as no platform would get it either: null then.
   */
  private async importMedia(
    submissionId: string,
    { userId, content }: Orchestration,
  ): Promise<string[] | null> {
    const imported: string[] = [];
    for (const url of remoteMediaUrls(content)) {
      try {
        imported.push((await this.media.importFromUrl(userId, url)).id);
      } catch (error) {
        if (!(error instanceof UploadFailedError)) {
          throw error;
        }
        await this.runs.failQueuedRuns(
          submissionId,
          'media_unavailable',
          `${url}: ${error.message}`,
        );
        await this.transactions.run((tx) => this.media.releaseUsage(tx, mediaHolder(submissionId)));
        return null;
      }
    }
    if (imported.length > 0) {
      await this.transactions.run((tx) =>
        this.media.acquireUsage(tx, userId, imported, mediaHolder(submissionId)),
      );
    }
    return [...imported, ...(content.mediaIds ?? [])];
  }
}
