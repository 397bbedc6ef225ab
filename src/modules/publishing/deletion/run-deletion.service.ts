import { Inject, Injectable } from '@nestjs/common';
import type { Logger } from 'pino';
import type { Scope } from '../../../common/auth/route-auth';
import { QueueUnavailableError } from '../../../common/errors';
import type { Platform } from '../../../common/platforms';
import { APP_LOGGER } from '../../../config/config.module';
import { JobQueue } from '../../../infra/queue/job-queue';
import { unpublishJobId } from '../../../infra/queue/queues';
import { DeleterRegistry } from '../../connectors';
import { RunDeletionsRepository } from './run-deletions.repository';

export type UnpublishResult = 'requested' | 'not_found' | 'not_settled' | 'not_published';

/**
 * What posts asks of publishing to take a post down from the networks: the deletions are
 * recorded, then one `unpublish` job per pending run is queued after commit. A queue outage is
 * not the caller's failure: the deletion passes enqueue what is pending once it is back.
 */
@Injectable()
export class RunDeletionService {
  constructor(
    private readonly deletions: RunDeletionsRepository,
    private readonly deleters: DeleterRegistry,
    private readonly queue: JobQueue,
    @Inject(APP_LOGGER) private readonly logger: Logger,
  ) {}

  async unpublish(scope: Scope, submissionId: string): Promise<UnpublishResult> {
    const decided = await this.deletions.request(scope, submissionId, {
      unsupported: (platform) => this.deleters.unsupportedReason(platform as Platform),
    });
    if (decided.result !== 'requested') {
      return decided.result;
    }
    try {
      await Promise.all(
        decided.pending.map(({ runId, attempts }) =>
          this.queue.add('unpublish', unpublishJobId(runId, attempts), { runId }),
        ),
      );
    } catch (error) {
      if (!(error instanceof QueueUnavailableError)) {
        throw error;
      }
      this.logger.warn({ err: error }, 'queue unavailable: the deletion passes will enqueue it');
    }
    return 'requested';
  }
}
