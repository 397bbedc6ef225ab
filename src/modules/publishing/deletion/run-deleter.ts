import { Inject, Injectable } from '@nestjs/common';
import type { Logger } from 'pino';
import type { Platform } from '../../../common/platforms';
import { APP_LOGGER } from '../../../config/config.module';
import { SokuConfig } from '../../../config/soku-config';
import { JobQueue } from '../../../infra/queue/job-queue';
import { unpublishJobId } from '../../../infra/queue/queues';
import { DeleterRegistry, PublishError } from '../../connectors';
import { AccountDirectory } from '../../integrations';
import { PublishedParts } from '../published-parts';
import { retryDelayMs } from '../retry-policy';
import { type ClaimedDeletion, platformObjectsOf } from './run-deletion';
import { RunDeletionsRepository } from './run-deletions.repository';

/**
 * The unpublish job: claim the run's deletion, delete each of its platform objects, record the
 * end. Auth failures refresh the token once (as publishing does), then `account_needs_reauth`;
 * retryable and deferred ones come back after the shared backoff until the attempts run out. A
 * platform's "not found" counts as deleted, which is what makes a re-drive after a crash safe.
 */
@Injectable()
export class RunDeleter {
  constructor(
    private readonly deletions: RunDeletionsRepository,
    private readonly deleters: DeleterRegistry,
    private readonly parts: PublishedParts,
    private readonly accounts: AccountDirectory,
    private readonly queue: JobQueue,
    private readonly config: SokuConfig,
    @Inject(APP_LOGGER) private readonly logger: Logger,
  ) {}

  async delete(runId: string): Promise<void> {
    const deletion = await this.deletions.claim(runId, this.config.orchestration.runLeaseMs);
    if (deletion) {
      await this.attempt(deletion, true);
    }
  }

  private async attempt(deletion: ClaimedDeletion, mayRefresh: boolean): Promise<void> {
    try {
      await this.deleteObjects(deletion);
      await this.deletions.deleted(deletion);
    } catch (error) {
      await this.handleFailure(deletion, error, mayRefresh);
    }
  }

  private async deleteObjects(deletion: ClaimedDeletion): Promise<void> {
    const credentials = await this.accounts.getPublishCredentials(
      deletion.userId,
      deletion.integrationId,
    );
    const platform = deletion.platform as Platform;
    const deleter = this.deleters.get(platform, credentials.account.sandbox);
    if (!deleter) {
      const reason = this.deleters.unsupportedReason(platform) ?? 'No deleter';
      throw new PublishError('permanent', 'deletion_unsupported', reason);
    }
    // Each call is bounded by the platform timeout; a re-drive past the lease only meets a 404.
    const partIds = await this.parts.platformIdsOf(deletion.userId, deletion.runId);
    for (const platformPostId of platformObjectsOf(deletion, partIds)) {
      await deleter.delete({
        platformPostId,
        accessToken: credentials.accessToken,
        metadata: credentials.metadata,
      });
    }
  }

  private async handleFailure(
    deletion: ClaimedDeletion,
    error: unknown,
    mayRefresh: boolean,
  ): Promise<void> {
    if (!(error instanceof PublishError)) {
      this.logger.error({ err: error, runId: deletion.runId }, 'deleting a run failed');
      await this.retry(
        deletion,
        new PublishError('retryable', 'internal_error', 'Soku could not delete the post'),
      );
      return;
    }
    if (error.kind === 'auth') {
      const refreshed = mayRefresh
        ? await this.accounts.refreshAfterAuthError(deletion.userId, deletion.integrationId)
        : 'needs_reauth';
      if (refreshed === 'refreshed') {
        await this.attempt(deletion, false);
      } else {
        await this.deletions.failed(
          deletion,
          'account_needs_reauth',
          `${error.message}; reconnect the account`,
        );
      }
      return;
    }
    if (error.kind === 'permanent') {
      await this.deletions.failed(deletion, error.code, error.message);
      return;
    }
    await this.retry(deletion, error);
  }

  private async retry(deletion: ClaimedDeletion, error: PublishError): Promise<void> {
    const { maxAttempts, retryBaseMs } = this.config.orchestration;
    if (deletion.attempts >= maxAttempts) {
      const message = `${error.message} (gave up after ${deletion.attempts} attempts)`;
      await this.deletions.failed(deletion, error.code, message);
      return;
    }
    const delayMs = retryDelayMs(deletion.attempts, retryBaseMs, error.retryAfterMs);
    const at = new Date(Date.now() + delayMs);
    if (await this.deletions.retryLater(deletion.runId, at, error.code, error.message)) {
      await this.queue.add(
        'unpublish',
        unpublishJobId(deletion.runId, deletion.attempts, at),
        { runId: deletion.runId },
        delayMs,
      );
    }
  }
}
