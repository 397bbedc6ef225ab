import { Processor } from '@nestjs/bull';
import { SokuConfig } from '../../../config/soku-config';
import { QueueProcessor } from '../../../infra/queue/queue-processor';
import type { JobPayloads } from '../../../infra/queue/queues';
import { RunDeleter } from './run-deleter';

/** The `unpublish` queue: one job deletes one run's post from its platform. */
@Processor('unpublish')
export class UnpublishProcessor extends QueueProcessor<'unpublish'> {
  constructor(
    private readonly deleter: RunDeleter,
    config: SokuConfig,
  ) {
    super('unpublish', config);
  }

  handle({ runId }: JobPayloads['unpublish']): Promise<void> {
    return this.deleter.delete(runId);
  }
}
