import { Injectable } from '@nestjs/common';
import { Transactions } from '../../database/transaction';
import { storedMediaSources } from '../connectors';
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
   * Imports `videoUrl`, `imageUrls` and `mediaUrls`, the overrides' too, once per URL; returns
   * the submission's stored media laid out as storedMediaSources says (each run takes its own
   * from them). A URL that cannot be imported fails every run with its reason, as no platform
   * would get it either: null then.
   */
  private async importMedia(
    submissionId: string,
    { userId, content }: Orchestration,
  ): Promise<string[] | null> {
    const imported = new Map<string, string>();
    const sources = storedMediaSources(content);
    for (const source of sources) {
      if (!('url' in source) || imported.has(source.url)) {
        continue;
      }
      try {
        imported.set(source.url, (await this.media.importFromUrl(userId, source.url)).id);
      } catch (error) {
        if (!(error instanceof UploadFailedError)) {
          throw error;
        }
        await this.runs.failQueuedRuns(
          submissionId,
          'media_unavailable',
          `${source.url}: ${error.message}`,
        );
        await this.transactions.run((tx) => this.media.releaseUsage(tx, mediaHolder(submissionId)));
        return null;
      }
    }
    if (imported.size > 0) {
      await this.transactions.run((tx) =>
        this.media.acquireUsage(tx, userId, [...imported.values()], mediaHolder(submissionId)),
      );
    }
    return sources.map((source) =>
      'url' in source ? (imported.get(source.url) as string) : source.mediaId,
    );
  }
}
