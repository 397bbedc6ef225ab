import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { UploadFailedError } from '../media/media.errors';
import { MediaService } from '../media/media.service';
import { mediaHolder } from '../posts/media-holder';
import type { PostContent } from '../posts/post-content';
import { PostLifecycleService } from '../posts/post-lifecycle.service';
import { JobQueue } from './queue/job-queue';
import { publishJobId } from './queue/queues';

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
    const runs = await this.lifecycle.beginOrchestration(submissionId);
    if (!runs) {
      return;
    }
    const ready = await this.importMedia(submissionId);
    // Dispatched first: should the enqueueing below be lost, the reconciler re-drives the queued
    // runs of dispatched submissions.
    await this.lifecycle.markDispatched(submissionId);
    if (ready) {
      await Promise.all(
        runs.map((run) =>
          this.queue.add('publish', publishJobId(run.id, run.attempts), { runId: run.id }),
        ),
      );
    }
  }

  /**
   * Imports `videoUrl`, `imageUrls` and `mediaUrls` and records the stored copies with the
   * submission. A URL that cannot be imported fails every run with its reason: no platform
   * would get it either. Returns whether the runs can go ahead.
   */
  private async importMedia(submissionId: string): Promise<boolean> {
    const submission = await this.lifecycle.submissionMedia(submissionId);
    if (!submission || submission.mediaIds) {
      return true;
    }
    const imported: string[] = [];
    for (const url of remoteUrls(submission.content)) {
      try {
        imported.push((await this.media.importFromUrl(submission.userId, url)).id);
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
        return false;
      }
    }
    await this.db.transaction((em) =>
      this.media.acquireUsage(em, submission.userId, imported, mediaHolder(submissionId)),
    );
    await this.lifecycle.setSubmissionMedia(submissionId, [
      ...imported,
      ...(submission.content.mediaIds ?? []),
    ]);
    return true;
  }
}

function remoteUrls(content: PostContent): string[] {
  return [
    ...(content.videoUrl ? [content.videoUrl] : []),
    ...(content.imageUrls ?? []),
    ...(content.mediaUrls ?? []),
  ];
}
