import { Processor } from '@nestjs/bull';
import { SokuConfig } from '../../../config/soku-config';
import { QueueProcessor } from '../../../infra/queue/queue-processor';
import type { JobPayloads } from '../../../infra/queue/queues';
import { PartsPublisher } from '../parts-publisher.service';

/** The `publish-parts` queue: one job publishes the remaining parts of one succeeded run. */
@Processor('publish-parts')
export class PublishPartsProcessor extends QueueProcessor<'publish-parts'> {
  constructor(
    private readonly parts: PartsPublisher,
    config: SokuConfig,
  ) {
    super('publish-parts', config);
  }

  handle({ runId }: JobPayloads['publish-parts']): Promise<void> {
    return this.parts.publishParts(runId);
  }
}
