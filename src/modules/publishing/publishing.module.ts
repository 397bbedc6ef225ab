import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import type { Logger } from 'pino';
import { APP_LOGGER } from '../../config/config.module';
import { SokuConfig } from '../../config/soku-config';
import { Transactions } from '../../database/transaction';
import { ConnectorsModule } from '../connectors';
import { IntegrationsModule } from '../integrations';
import { MediaModule } from '../media';
import { PostRunEntity } from './entities/post-run.entity';
import { PostSubmissionEntity } from './entities/post-submission.entity';
import { Orchestrator } from './orchestrator.service';
import { Publisher } from './publisher.service';
import { PublishingService } from './publishing.service';
import { BullJobQueue } from './queue/bull-job-queue';
import { InProcessJobQueue } from './queue/in-process-job-queue';
import { JobQueue } from './queue/job-queue';
import { Reconciler } from './reconciler.service';
import { RunSettler } from './run-settler';
import { RunsRepository } from './runs.repository';
import { SubmissionsRepository } from './submissions.repository';
import { RedisConnection } from '../../infra/redis/redis-connection';
import { SokuMetrics } from '../../infra/metrics/soku-metrics';
import {
  MemoryWorkerHeartbeat,
  RedisWorkerHeartbeat,
  WorkerHeartbeat,
} from './heartbeat/worker-heartbeat';
import { QueueMetrics } from './queue/queue-metrics';

/**
 * The submission and run state machine, its SQL and events, orchestration, the reconciler and
 * the queues; posts create and read submissions through PublishingService.
 */
@Module({
  imports: [
    TypeOrmModule.forFeature([PostSubmissionEntity, PostRunEntity]),
    ConnectorsModule,
    IntegrationsModule,
    MediaModule,
  ],
  providers: [
    {
      provide: JobQueue,
      inject: [SokuConfig, APP_LOGGER, SokuMetrics],
      useFactory: (config: SokuConfig, logger: Logger, metrics: SokuMetrics): JobQueue => {
        const onFailure = (queue: string) => metrics.queueJobFailures.inc({ queue });
        return config.redis.url
          ? new BullJobQueue(
              config.redis.url,
              config.orchestration.queuePrefix,
              logger,
              config.redis.commandTimeoutMs,
              onFailure,
            )
          : new InProcessJobQueue(logger, onFailure);
      },
    },
    {
      provide: WorkerHeartbeat,
      inject: [SokuConfig, RedisConnection],
      useFactory: (config: SokuConfig, redis: RedisConnection): WorkerHeartbeat =>
        redis.client
          ? new RedisWorkerHeartbeat(redis.client, config.orchestration.queuePrefix)
          : new MemoryWorkerHeartbeat(config.app.role !== 'api'),
    },
    QueueMetrics,
    Transactions,
    SubmissionsRepository,
    RunsRepository,
    PublishingService,
    Orchestrator,
    RunSettler,
    Publisher,
    Reconciler,
  ],
  // Orchestrator, Publisher and Reconciler: for the worker's consumers (src/worker.module.ts).
  exports: [PublishingService, JobQueue, WorkerHeartbeat, Orchestrator, Publisher, Reconciler],
})
export class PublishingModule {}
