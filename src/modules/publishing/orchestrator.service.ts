import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { UploadFailedError } from '../media/media.errors';
import { MediaService } from '../media/media.service';
import { mediaHolder } from '../posts/media-holder';
import { remoteMediaUrls } from '../connectors/post-content';
import { type Orchestration, PostLifecycleService } from '../posts/post-lifecycle.service';
import { JobQueue } from '../../infra/queue/job-queue';
import { publishJobId } from '../../infra/queue/queues';

/**
 * The orchestrate job: once a submission is due, its remote media are imported into storage
 * (once, for every run), its runs go onto the publish queue, and it is `dispatched`.
 */
@Injectable()
export class Orchestrator {
  constructor(
    private readonly lifecycle: PostLifecycleService,
    private readonly media: MediaService,
    private readonly queue: JobQueue,
    @InjectDataSource() private readonly db: DataSource,
  ) {}

  async orchestrate(submissionId: string): Promise<void> {
    const orchestration = await this.lifecycle.beginOrchestration(submissionId);
    if (!orchestration) {
      return;
    }
    const mediaIds =
      orchestration.mediaIds ?? (await this.importMedia(submissionId, orchestration));
    // Dispatched first: should the enqueueing below be lost, the reconciler re-drives the queued
    // runs of dispatched submissions.
    await this.lifecycle.markDispatched(submissionId, mediaIds);
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
        await this.lifecycle.failQueuedRuns(
          submissionId,
          'media_unavailable',
          `${url}: ${error.message}`,
        );
        await this.db.transaction((em) => this.media.releaseUsage(em, mediaHolder(submissionId)));
        return null;
      }
    }
    if (imported.length > 0) {
      await this.db.transaction((em) =>
        this.media.acquireUsage(em, userId, imported, mediaHolder(submissionId)),
      );
    }
    return [...imported, ...(content.mediaIds ?? [])];
  }
}
