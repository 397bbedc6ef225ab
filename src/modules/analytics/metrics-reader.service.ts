import { Inject, Injectable } from '@nestjs/common';
import type { Logger } from 'pino';
import { APP_LOGGER } from '../../config/config.module';
import { SokuConfig } from '../../config/soku-config';
import { MetricsReaderRegistry, type PostMetricsReader, PublishError } from '../connectors';
import { AccountDirectory, type PublishCredentials } from '../integrations';
import {
  type ReadOutcome,
  MetricReadsRepository,
  type ScheduledRead,
} from './metric-reads.repository';
import { nextReadAt } from './read-schedule';

/** An account's due reads one job takes on; the rest wait for the next pass. */
const READS_PER_JOB = 1000;
/** After a read that failed without saying when to come back (5xx, no answer, token). */
const RETRY_AFTER_MS = 15 * 60_000;

/**
 * One `metrics` job: reads the due posts of one account in the platform's batches and records
 * each post's figures, or why the platform gave none, then its next read. A rate limit postpones
 * the account's remaining reads until the window the platform named; nothing here fails a post.
 */
@Injectable()
export class MetricsReaderService {
  constructor(
    private readonly readers: MetricsReaderRegistry,
    private readonly accounts: AccountDirectory,
    private readonly reads: MetricReadsRepository,
    private readonly config: SokuConfig,
    @Inject(APP_LOGGER) private readonly logger: Logger,
  ) {}

  async readAccount(userId: string, integrationId: string): Promise<void> {
    try {
      const due = await this.reads.dueFor(userId, integrationId, READS_PER_JOB);
      if (due.length > 0) {
        await this.readDue(userId, integrationId, due);
      }
    } finally {
      await this.reads.release(userId, integrationId);
    }
  }

  private async readDue(userId: string, integrationId: string, due: ScheduledRead[]) {
    let credentials: PublishCredentials;
    try {
      credentials = await this.accounts.getPublishCredentials(userId, integrationId);
    } catch (error) {
      return this.reads.record(
        userId,
        this.unavailable(due, 'account_unavailable', messageOf(error)),
      );
    }
    const { account } = credentials;
    const reader = this.readers.get(account.platform, account.sandbox);
    if (!reader) {
      return this.reads.record(
        userId,
        this.unavailable(
          due,
          'metrics_unavailable',
          `${account.platform} offers no post metrics to apps`,
        ),
      );
    }
    for (let i = 0; i < due.length; i += reader.batchSize) {
      const batch = due.slice(i, i + reader.batchSize);
      const stop = await this.readBatch(userId, credentials, reader, batch);
      if (stop) {
        const rest = due.slice(i).map((read) => read.runId);
        return this.reads.postpone(userId, integrationId, rest, stop);
      }
    }
  }

  /** Reads one batch; when the platform refused it, when the account's reads may resume. */
  private async readBatch(
    userId: string,
    credentials: PublishCredentials,
    reader: PostMetricsReader,
    batch: ScheduledRead[],
  ): Promise<Date | undefined> {
    const { scheduleMs } = this.config.analytics;
    try {
      const results = await reader.read({
        platform: credentials.account.platform,
        accountId: credentials.account.accountId,
        accessToken: credentials.accessToken,
        metadata: credentials.metadata,
        posts: batch.map((read) => ({
          runId: read.runId,
          platformPostId: read.platformPostId,
          publishedAt: read.publishedAt,
        })),
      });
      const published = new Map(batch.map((read) => [read.runId, read.publishedAt]));
      await this.reads.record(
        userId,
        results.map((result): ReadOutcome => ({
          runId: result.runId,
          nextReadAt: nextReadAt(published.get(result.runId)!, scheduleMs),
          ...(result.status === 'read'
            ? { sample: { figures: result.figures, raw: result.raw } }
            : { unavailable: { code: result.code, reason: result.reason } }),
        })),
      );
      return undefined;
    } catch (error) {
      if (!(error instanceof PublishError)) {
        throw error;
      }
      this.logger.warn({ err: error, platform: reader.platform }, 'metrics read refused');
      return new Date(Date.now() + (error.retryAfterMs ?? RETRY_AFTER_MS));
    }
  }

  private unavailable(due: ScheduledRead[], code: string, reason: string): ReadOutcome[] {
    return due.map((read) => ({
      runId: read.runId,
      unavailable: { code, reason },
      nextReadAt: nextReadAt(read.publishedAt, this.config.analytics.scheduleMs),
    }));
  }
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
