import { Injectable } from '@nestjs/common';
import { Transactions } from '../../database/transaction';
import { Coalescer } from '../../common/async/coalescer';
import { ConcurrencyGate } from '../../common/async/concurrency-gate';
import { JobBatcher } from '../../infra/queue/job-batcher';
import { type MediaSource, storedMediaSources } from '../connectors';
import { UploadFailedError } from '../media';
import { MediaService } from '../media';
import { mediaHolder } from './media-holder';
import { publishJobId } from '../../infra/queue/queues';
import { RunsRepository } from './runs.repository';
import { type Orchestration, type RunRef, SubmissionsRepository } from './submissions.repository';

/** Submissions one pass begins at most: one statement each for the claim and the dispatch. */
const PASS_SIZE = 200;
/**
 * Media imports one worker runs at once: the orchestrate queue's concurrency is sized for passes
 * (jobs that only wait on one), not for downloads, which stay as many as before passes.
 */
const CONCURRENT_IMPORTS = 10;

/** What a pass left to a job: its runs to enqueue, or its media to import first; null: nothing. */
type PassOutcome = { dispatched: RunRef[] } | { toImport: Orchestration } | null;

/**
 * The orchestrate job: once a submission is due, its remote media are imported into storage
 * (once, for every run), its runs go onto the publish queue, and it is `dispatched`. Bull is the
 * timer (one delayed job per submission), PostgreSQL the truth: the jobs that fire together
 * share one pass (Coalescer), which begins all their submissions in one statement and dispatches
 * those with nothing to import in a second; each job then enqueues its runs, concurrent jobs'
 * runs going to the queue in one `addBulk` (JobBatcher). A crash anywhere in between leaves
 * submissions `orchestrating` (the reconciler times them again) or `dispatched` with queued runs
 * (the reconciler re-drives those), so nothing is stranded.
 */
@Injectable()
export class Orchestrator {
  private readonly passes: Coalescer<string, PassOutcome>;
  private readonly imports = new ConcurrencyGate(CONCURRENT_IMPORTS);

  constructor(
    private readonly submissions: SubmissionsRepository,
    private readonly runs: RunsRepository,
    private readonly media: MediaService,
    private readonly queue: JobBatcher,
    private readonly transactions: Transactions,
  ) {
    this.passes = new Coalescer((submissionIds) => this.pass(submissionIds), PASS_SIZE);
  }

  async orchestrate(submissionId: string): Promise<void> {
    const outcome = await this.passes.submit(submissionId);
    if (!outcome) {
      return;
    }
    if ('dispatched' in outcome) {
      await this.enqueue(outcome.dispatched);
      return;
    }
    const mediaIds = await this.imports.run(() => this.importMedia(submissionId, outcome.toImport));
    // Dispatched first: should the enqueueing below be lost, the reconciler re-drives the queued
    // runs of dispatched submissions.
    await this.submissions.markDispatched([{ id: submissionId, mediaIds }]);
    if (mediaIds) {
      await this.enqueue(outcome.toImport.runs);
    }
  }

  private async pass(submissionIds: string[]): Promise<PassOutcome[]> {
    const begun = await this.submissions.beginOrchestrations(submissionIds);
    const ready = [...begun]
      .map(([id, orchestration]) => ({ id, mediaIds: readyMedia(orchestration) }))
      .filter((submission): submission is { id: string; mediaIds: string[] } =>
        Boolean(submission.mediaIds),
      );
    if (ready.length > 0) {
      await this.submissions.markDispatched(ready);
    }
    const dispatched = new Set(ready.map((submission) => submission.id));
    return submissionIds.map((id) => {
      const orchestration = begun.get(id);
      // Two jobs of one submission in the same pass: only the first gets it.
      begun.delete(id);
      if (!orchestration) {
        return null;
      }
      return dispatched.has(id) ? { dispatched: orchestration.runs } : { toImport: orchestration };
    });
  }

  private enqueue(runs: RunRef[]): Promise<void> {
    return this.queue.add(
      runs.map((run) => ({
        queue: 'publish',
        jobId: publishJobId(run.id, run.attempts),
        payload: { runId: run.id },
      })),
    );
  }

  /**
   * Imports `videoUrl`, `imageUrls` and `mediaUrls`, the overrides' too, once per URL; returns
   * the submission's stored media laid out as storedMediaSources says (each run takes its own
   * from them). A URL that cannot be imported fails every run with its reason, as no platform
   * would get it either: null then.
   */
  private async importMedia(
    submissionId: string,
    { userId, profileId, content }: Orchestration,
  ): Promise<string[] | null> {
    const scope = { userId, profileId };
    const imported = new Map<string, string>();
    const sources = storedMediaSources(content);
    for (const source of sources) {
      if (!('url' in source) || imported.has(source.url)) {
        continue;
      }
      try {
        imported.set(source.url, (await this.media.importFromUrl(scope, source.url)).id);
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
        this.media.acquireUsage(tx, scope, [...imported.values()], mediaHolder(submissionId)),
      );
    }
    return storedLayout(sources, imported);
  }
}

/** The stored media of a submission that needs no import (done before, or nothing remote); else null. */
function readyMedia({ mediaIds, content }: Orchestration): string[] | null {
  if (mediaIds) {
    return mediaIds;
  }
  const sources = storedMediaSources(content);
  return sources.some((source) => 'url' in source) ? null : storedLayout(sources, new Map());
}

/** The stored media laid out as storedMediaSources says, each URL as the media imported from it. */
function storedLayout(sources: MediaSource[], imported: Map<string, string>): string[] {
  return sources.map((source) =>
    'url' in source ? (imported.get(source.url) as string) : source.mediaId,
  );
}
