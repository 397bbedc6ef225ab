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
import { SubmissionStarts } from './submission-starts';
import { Reconciler } from './reconciler.service';
import { RunClaims } from './run-claims';
import { RunSettler } from './run-settler';
import { RunSettlesRepository } from './run-settles.repository';
import { RunsRepository } from './runs.repository';
import { SubmissionsRepository } from './submissions.repository';
import { SubmissionBatchRepository } from './submission-batch.repository';
import { SubmissionInserts } from './submission-inserts';
import { SubmissionCancels } from './submission-cancels';
import { PendingSubmissionsRepository } from './pending-submissions.repository';
import { SubmissionListRepository } from './submission-list.repository';
import { RedisConnection } from '../../infra/redis/redis-connection';
import { HeartbeatProcessor } from './heartbeat/heartbeat.processor';
import { OrchestrateProcessor } from './processors/orchestrate.processor';
import { PublishProcessor } from './processors/publish.processor';
import { PublishingPasses } from './publishing-passes';
import { PublishedRunsReader } from './published-runs.reader';
import { PublishedRunsRepository } from './published-runs.repository';
import { PartsPublisher } from './parts-publisher.service';
import { PartsReconciler } from './parts-reconciler';
import { PublishPartsProcessor } from './processors/publish-parts.processor';
import { PublishedParts } from './published-parts';
import { RunPartsRepository } from './run-parts.repository';
import { QueueMetrics } from './queue/queue-metrics';
import { MemoryPublishThrottle, PublishThrottle } from './throttle/publish-throttle';
import { RedisPublishThrottle } from './throttle/redis-publish-throttle';
import { APP_LOGGER } from '../../config/config.module';
import type { Logger } from 'pino';
import {
  MemoryWorkerHeartbeat,
  RedisWorkerHeartbeat,
  WorkerHeartbeat,
} from './heartbeat/worker-heartbeat';
import { DeletionPasses } from './deletion/deletion-passes';
import { RunDeleter } from './deletion/run-deleter';
import { RunDeletionService } from './deletion/run-deletion.service';
import { RunDeletionsRepository } from './deletion/run-deletions.repository';
import { UnpublishProcessor } from './deletion/unpublish.processor';
import { SubmissionBatches } from './submission-batches';
import { PostHistory } from './post-history';
import { PostHistoryRepository } from './post-history.repository';

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
    {
      provide: PublishThrottle,
      inject: [SokuConfig, RedisConnection, APP_LOGGER],
      useFactory: (config: SokuConfig, redis: RedisConnection, logger: Logger): PublishThrottle => {
        const { publishLimits, runLeaseMs, queuePrefix } = config.orchestration;
        // A slot lasts as long as the run's lease: a worker killed mid-call frees it then.
        return redis.client
          ? new RedisPublishThrottle(redis.client, queuePrefix, logger, publishLimits, runLeaseMs)
          : new MemoryPublishThrottle(publishLimits, runLeaseMs);
      },
    },
    QueueMetrics,
    Transactions,
    SubmissionsRepository,
    SubmissionBatchRepository,
    SubmissionInserts,
    SubmissionStarts,
    SubmissionCancels,
    PendingSubmissionsRepository,
    SubmissionListRepository,
    RunsRepository,
    PublishingService,
    Orchestrator,
    RunSettler,
    RunClaims,
    RunSettlesRepository,
    Publisher,
    Reconciler,
    PublishingPasses,
    OrchestrateProcessor,
    PublishProcessor,
    HeartbeatProcessor,
    RunDeletionsRepository,
    RunDeletionService,
    RunDeleter,
    UnpublishProcessor,
    DeletionPasses,
    PublishedRunsRepository,
    PublishedRunsReader,
    RunPartsRepository,
    PartsPublisher,
    PublishPartsProcessor,
    PublishedParts,
    PartsReconciler,
    SubmissionBatches,
    PostHistoryRepository,
    PostHistory,
  ],
  exports: [
    PublishingService,
    WorkerHeartbeat,
    RunDeletionService,
    PublishedRunsReader,
    PublishedParts,
    SubmissionBatches,
    SubmissionCancels,
    PostHistory,
  ],
})
export class PublishingModule {}
