import { Processor } from '@nestjs/bull';
import { SokuConfig } from '../../../config/soku-config';
import { QueueProcessor } from '../../../infra/queue/queue-processor';
import type { JobPayloads } from '../../../infra/queue/queues';
import { Publisher } from '../publisher.service';

/** The `publish` queue: one job publishes one run (SOKU_PUBLISH_CONCURRENCY at once). */
@Processor('publish')
export class PublishProcessor extends QueueProcessor<'publish'> {
  constructor(
    private readonly publisher: Publisher,
    config: SokuConfig,
  ) {
    super('publish', config);
  }

  handle({ runId, timed }: JobPayloads['publish']): Promise<void> {
    return this.publisher.publish(runId, timed === true);
  }
}
