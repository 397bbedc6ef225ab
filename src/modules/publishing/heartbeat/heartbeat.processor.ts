import { Processor } from '@nestjs/bull';
import { SokuConfig } from '../../../config/soku-config';
import { QueueProcessor } from '../../../infra/queue/queue-processor';
import { WorkerHeartbeat } from './worker-heartbeat';

/** The `heartbeat` queue: consuming a job records that this deployment's workers consume jobs. */
@Processor('heartbeat')
export class HeartbeatProcessor extends QueueProcessor<'heartbeat'> {
  constructor(
    private readonly heartbeat: WorkerHeartbeat,
    config: SokuConfig,
  ) {
    super('heartbeat', config);
  }

  handle(): Promise<void> {
    return this.heartbeat.beat();
  }
}
