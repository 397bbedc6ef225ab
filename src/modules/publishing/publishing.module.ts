import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import type { Logger } from 'pino';
import { APP_LOGGER } from '../../config/config.module';
import { SokuConfig } from '../../config/soku-config';
import { Transactions } from '../../database/transaction';
import { IntegrationsModule } from '../integrations';
import { ConnectorRegistry, PLATFORM_CONNECTORS } from '../connectors/connector.registry';
import type { PlatformConnector } from '../connectors/platform-connector';
import { FacebookConnector } from '../connectors/facebook/facebook.connector';
import { InstagramConnector } from '../connectors/instagram/instagram.connector';
import { LinkedinConnector } from '../connectors/linkedin/linkedin.connector';
import { SandboxConnector } from '../connectors/sandbox.connector';
import { SnapchatConnector } from '../connectors/snapchat/snapchat.connector';
import { ThreadsConnector } from '../connectors/threads/threads.connector';
import { TiktokConnector } from '../connectors/tiktok/tiktok.connector';
import { XConnector } from '../connectors/x/x.connector';
import { YoutubeConnector } from '../connectors/youtube/youtube.connector';
import { SandboxPostEntity } from '../connectors/entities/sandbox-post.entity';
import { SandboxPostsController } from '../connectors/sandbox/sandbox-posts.controller';
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
import { SokuMetrics } from '../metrics/soku-metrics';
import {
  MemoryWorkerHeartbeat,
  RedisWorkerHeartbeat,
  WorkerHeartbeat,
} from './heartbeat/worker-heartbeat';
import { QueueMetrics } from './queue/queue-metrics';

/** The real platforms' connectors, one list for the providers and PLATFORM_CONNECTORS. */
const CONNECTORS = [
  XConnector,
  InstagramConnector,
  FacebookConnector,
  ThreadsConnector,
  TiktokConnector,
  YoutubeConnector,
  LinkedinConnector,
  SnapchatConnector,
];

/**
 * The submission and run state machine, its SQL and events, orchestration, the reconciler and
 * the queues; posts create and read submissions through PublishingService.
 */
@Module({
  imports: [
    TypeOrmModule.forFeature([PostSubmissionEntity, PostRunEntity, SandboxPostEntity]),
    IntegrationsModule,
  ],
  controllers: [SandboxPostsController],
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
    ...CONNECTORS,
    {
      provide: PLATFORM_CONNECTORS,
      inject: CONNECTORS,
      useFactory: (...connectors: PlatformConnector[]) => connectors,
    },
    SandboxConnector,
    ConnectorRegistry,
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
