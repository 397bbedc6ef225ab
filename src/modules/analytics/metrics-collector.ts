import { Injectable, type OnApplicationBootstrap } from '@nestjs/common';
import { SokuConfig } from '../../config/soku-config';
import { JobQueue } from '../../infra/queue/job-queue';
import { metricsJobId } from '../../infra/queue/queues';
import { WorkerScheduler } from '../../infra/queue/worker-scheduler';
import { type PublishedCursor, PublishedRunsReader } from '../publishing';
import { MetricReadsRepository } from './metric-reads.repository';
import { firstReadAt } from './read-schedule';

const IMPORT_PAGE = 500;
/**
 * Runs commit in any order, so one can finish before the newest scheduled one and commit after
 * it: each import looks this far back again (a run scheduled twice keeps its first row).
 */
const IMPORT_OVERLAP_MS = 5 * 60_000;
/** How long an account's claim lasts; a job that dies with its worker frees it then. */
const CLAIM_MS = 10 * 60_000;
const FIRST_ID = '00000000-0000-0000-0000-000000000000';

/**
 * The collector's periodic pass on workers, like the reconciler: schedules newly published runs,
 * then enqueues one `metrics` job per account with reads due. The reads run on their own queue
 * at a small concurrency, so they never take a worker's time from publishing.
 */
@Injectable()
export class MetricsCollector implements OnApplicationBootstrap {
  constructor(
    private readonly scheduler: WorkerScheduler,
    private readonly queue: JobQueue,
    private readonly published: PublishedRunsReader,
    private readonly reads: MetricReadsRepository,
    private readonly config: SokuConfig,
  ) {}

  onApplicationBootstrap(): void {
    this.scheduler.repeat(
      'metrics collector',
      () => this.pass(),
      () => this.config.analytics.passIntervalMs,
    );
  }

  async pass(): Promise<void> {
    await this.importPublished();
    for (const account of await this.reads.claimDueAccounts(CLAIM_MS)) {
      await this.queue.add('metrics', metricsJobId(account.integrationId, account.claimedAt), {
        userId: account.userId,
        integrationId: account.integrationId,
      });
    }
  }

  private async importPublished(): Promise<void> {
    const { scheduleMs } = this.config.analytics;
    const latest = await this.reads.latestScheduled();
    // Nothing scheduled yet: runs older than the whole schedule have no read left.
    const from = latest
      ? latest.publishedAt.getTime() - IMPORT_OVERLAP_MS
      : Date.now() - scheduleMs[scheduleMs.length - 1];
    let cursor: PublishedCursor = { publishedAt: new Date(from), runId: FIRST_ID };
    for (;;) {
      const runs = await this.published.after(cursor, IMPORT_PAGE);
      const due = runs
        .map((run) => ({ run, firstReadAt: firstReadAt(run.publishedAt, scheduleMs) }))
        .filter((item): item is { run: (typeof runs)[number]; firstReadAt: Date } =>
          Boolean(item.firstReadAt),
        );
      await this.reads.schedule(due);
      if (runs.length < IMPORT_PAGE) {
        return;
      }
      const last = runs[runs.length - 1];
      cursor = { publishedAt: last.publishedAt, runId: last.runId };
    }
  }
}
