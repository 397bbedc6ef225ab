import { BullModule, getQueueToken } from '@nestjs/bull';
import { type DynamicModule, Module } from '@nestjs/common';
import { DiscoveryModule } from '@nestjs/core';
import type { Queue as BullQueue } from 'bull';
import type { Logger } from 'pino';
import { APP_LOGGER } from '../../config/config.module';
import type { SokuConfig } from '../../config/soku-config';
import { BULL_QUEUE_SETTINGS, BullJobQueue } from './bull-job-queue';
import { countBullTimersInConstantTime } from './bull-timers';
import { InProcessJobQueue } from './in-process-job-queue';
import { JobBatcher } from './job-batcher';
import { JobQueue } from './job-queue';
import { QueueConsumers } from './queue-consumers';
import { QUEUE_NAMES, type QueueName } from './queues';
import { WorkerScheduler } from './worker-scheduler';

/**
 * The queues, chosen once from the config: with REDIS_URL, the Bull queues registered with
 * `BullModule.registerQueue`; without it, the in-process queue. Either way QueueConsumers binds
 * the modules' `@Processor` classes to it. Global: producers in any module add jobs through the
 * JobQueue port, and each module's processors consume them.
 */
@Module({})
export class QueueModule {
  static forRoot(config: SokuConfig): DynamicModule {
    const redisUrl = config.redis.url;
    if (!redisUrl) {
      return {
        module: QueueModule,
        global: true,
        imports: [DiscoveryModule],
        providers: [
          {
            provide: JobQueue,
            inject: [APP_LOGGER],
            useFactory: (logger: Logger) => new InProcessJobQueue(logger),
          },
          JobBatcher,
          QueueConsumers,
          WorkerScheduler,
        ],
        exports: [JobQueue, JobBatcher, WorkerScheduler],
      };
    }
    // Before any Bull queue exists: its timers must all be set by the patched TimerManager.
    countBullTimersInConstantTime();
    return {
      module: QueueModule,
      global: true,
      imports: [
        DiscoveryModule,
        BullModule.registerQueue(
          ...QUEUE_NAMES.map((name) => ({
            name,
            url: redisUrl,
            prefix: config.orchestration.queuePrefix,
            settings: BULL_QUEUE_SETTINGS,
          })),
        ),
      ],
      providers: [
        {
          provide: JobQueue,
          inject: [APP_LOGGER, ...QUEUE_NAMES.map((name) => getQueueToken(name))],
          useFactory: (logger: Logger, ...queues: BullQueue[]) =>
            new BullJobQueue(
              Object.fromEntries(QUEUE_NAMES.map((name, i) => [name, queues[i]])) as Record<
                QueueName,
                BullQueue
              >,
              logger,
              config.redis.commandTimeoutMs,
            ),
        },
        JobBatcher,
        QueueConsumers,
        WorkerScheduler,
      ],
      exports: [JobQueue, JobBatcher, WorkerScheduler],
    };
  }
}
