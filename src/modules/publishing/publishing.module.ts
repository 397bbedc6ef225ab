import { Global, Module } from '@nestjs/common';
import type { Logger } from 'pino';
import { APP_LOGGER } from '../../config/config.module';
import { SokuConfig } from '../../config/soku-config';
import { IntegrationsModule } from '../integrations/integrations.module';
import { IntegrationsService } from '../integrations/integrations.service';
import { AccountDirectory } from '../posts/account-directory';
import { PostDispatcher } from '../posts/post-dispatcher';
import { PostsModule } from '../posts/posts.module';
import { WebhooksModule } from '../webhooks/webhooks.module';
import { ConnectorsModule } from '../connectors';
import { Orchestrator } from './orchestrator.service';
import { QueuePostDispatcher } from './post-dispatcher.adapter';
import { Publisher } from './publisher.service';
import { BullJobQueue } from './queue/bull-job-queue';
import { InProcessJobQueue } from './queue/in-process-job-queue';
import { JobQueue } from './queue/job-queue';
import { Reconciler } from './reconciler.service';
import { WorkerService } from './worker.service';
import { RedisConnection } from '../../infra/redis/redis-connection';
import { SokuMetrics } from '../metrics/soku-metrics';
import {
  MemoryWorkerHeartbeat,
  RedisWorkerHeartbeat,
  WorkerHeartbeat,
} from './heartbeat/worker-heartbeat';
import { QueueMetrics } from './queue/queue-metrics';

/**
 * Queues, the publish state machine, scheduling, the reconciler and the platform connectors.
 * Global so that PostDispatcher and AccountDirectory reach the posts module without an import
 * cycle.
 */
@Global()
@Module({
  imports: [ConnectorsModule, IntegrationsModule, PostsModule, WebhooksModule],
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
    { provide: PostDispatcher, useClass: QueuePostDispatcher },
    // Accounts come from the integrations module, behind the port posts and publishing use.
    { provide: AccountDirectory, useExisting: IntegrationsService },
    Orchestrator,
    Publisher,
    Reconciler,
    WorkerService,
  ],
  exports: [PostDispatcher, AccountDirectory, JobQueue, WorkerHeartbeat],
})
export class PublishingModule {}
