import { Processor } from '@nestjs/bull';
import { SokuConfig } from '../../config/soku-config';
import { QueueProcessor } from '../../infra/queue/queue-processor';
import type { JobPayloads } from '../../infra/queue/queues';
import { AutomationRunner } from './automation-runner';

/** The `automation` queue: one job carries out one automation for one published post. */
@Processor('automation')
export class AutomationProcessor extends QueueProcessor<'automation'> {
  constructor(
    private readonly runner: AutomationRunner,
    config: SokuConfig,
  ) {
    super('automation', config);
  }

  handle({ automationRunId }: JobPayloads['automation']): Promise<void> {
    return this.runner.run(automationRunId);
  }
}
