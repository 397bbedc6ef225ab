import { Processor } from '@nestjs/bull';
import { SokuConfig } from '../../../config/soku-config';
import { QueueProcessor } from '../../../infra/queue/queue-processor';
import type { JobPayloads } from '../../../infra/queue/queues';
import { Orchestrator } from '../orchestrator.service';

/** The `orchestrate` queue: one job enqueues the runs of one due submission. */
@Processor('orchestrate')
export class OrchestrateProcessor extends QueueProcessor<'orchestrate'> {
  constructor(
    private readonly orchestrator: Orchestrator,
    config: SokuConfig,
  ) {
    super('orchestrate', config);
  }

  handle({ submissionId }: JobPayloads['orchestrate']): Promise<void> {
    return this.orchestrator.orchestrate(submissionId);
  }
}
