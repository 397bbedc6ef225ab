import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
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
import { Reconciler } from './reconciler.service';
import { RunSettler } from './run-settler';
import { RunsRepository } from './runs.repository';
import { SubmissionsRepository } from './submissions.repository';
import { SubmissionListRepository } from './submission-list.repository';
import { RedisConnection } from '../../infra/redis/redis-connection';
import { HeartbeatProcessor } from './heartbeat/heartbeat.processor';
import { OrchestrateProcessor } from './processors/orchestrate.processor';
import { PublishProcessor } from './processors/publish.processor';
import { PublishingPasses } from './publishing-passes';
import { PartsPublisher } from './parts-publisher.service';
import { PartsReconciler } from './parts-reconciler';
import { PublishPartsProcessor } from './processors/publish-parts.processor';
import { PublishedParts } from './published-parts';
import { RunPartsRepository } from './run-parts.repository';
import { QueueMetrics } from './queue/queue-metrics';
import {
  MemoryWorkerHeartbeat,
  RedisWorkerHeartbeat,
  WorkerHeartbeat,
} from './heartbeat/worker-heartbeat';

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
    SubmissionListRepository,
    RunsRepository,
    PublishingService,
    Orchestrator,
    RunSettler,
    Publisher,
    Reconciler,
    PublishingPasses,
    OrchestrateProcessor,
    PublishProcessor,
    HeartbeatProcessor,
    RunPartsRepository,
    PartsPublisher,
    PublishPartsProcessor,
    PublishedParts,
    PartsReconciler,
  ],
  exports: [PublishingService, WorkerHeartbeat, PublishedParts],
})
export class PublishingModule {}
