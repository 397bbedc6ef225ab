import { Global, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { SokuConfig } from '../../config/soku-config';
import { IntegrationsModule } from '../integrations/integrations.module';
import { IntegrationsService } from '../integrations/integrations.service';
import { AccountDirectory } from '../posts/account-directory';
import { PostDispatcher } from '../posts/post-dispatcher';
import { PostsModule } from '../posts/posts.module';
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
import { Orchestrator } from './orchestrator.service';
import { QueuePostDispatcher } from './post-dispatcher.adapter';
import { Publisher } from './publisher.service';
import { Reconciler } from './reconciler.service';
import { RedisConnection } from '../../infra/redis/redis-connection';
import { HeartbeatProcessor } from './heartbeat/heartbeat.processor';
import { OrchestrateProcessor } from './processors/orchestrate.processor';
import { PublishProcessor } from './processors/publish.processor';
import { PublishingPasses } from './publishing-passes';
import { QueueMetrics } from './queue/queue-metrics';
import {
  MemoryWorkerHeartbeat,
  RedisWorkerHeartbeat,
  WorkerHeartbeat,
} from './heartbeat/worker-heartbeat';

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
 * Queues, the publish state machine, scheduling, the reconciler and the platform connectors.
 * Global so that PostDispatcher and AccountDirectory reach the posts module without an import
 * cycle.
 */
@Global()
@Module({
  imports: [TypeOrmModule.forFeature([SandboxPostEntity]), IntegrationsModule, PostsModule],
  controllers: [SandboxPostsController],
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
    { provide: PostDispatcher, useClass: QueuePostDispatcher },
    // Accounts come from the integrations module, behind the port posts and publishing use.
    { provide: AccountDirectory, useExisting: IntegrationsService },
    ...CONNECTORS,
    {
      provide: PLATFORM_CONNECTORS,
      inject: CONNECTORS,
      useFactory: (...connectors: PlatformConnector[]) => connectors,
    },
    SandboxConnector,
    ConnectorRegistry,
    Orchestrator,
    Publisher,
    Reconciler,
    PublishingPasses,
    OrchestrateProcessor,
    PublishProcessor,
    HeartbeatProcessor,
  ],
  exports: [PostDispatcher, AccountDirectory, ConnectorRegistry, WorkerHeartbeat],
})
export class PublishingModule {}
