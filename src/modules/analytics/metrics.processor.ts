import { Processor } from '@nestjs/bull';
import { SokuConfig } from '../../config/soku-config';
import { QueueProcessor } from '../../infra/queue/queue-processor';
import type { JobPayloads } from '../../infra/queue/queues';
import { MetricsReaderService } from './metrics-reader.service';

/** The `metrics` queue: one job reads one account's due posts (SOKU_METRICS_CONCURRENCY at once). */
@Processor('metrics')
export class MetricsProcessor extends QueueProcessor<'metrics'> {
  constructor(
    private readonly reader: MetricsReaderService,
    config: SokuConfig,
  ) {
    super('metrics', config);
  }

  handle({ userId, integrationId }: JobPayloads['metrics']): Promise<void> {
    return this.reader.readAccount(userId, integrationId);
  }
}
