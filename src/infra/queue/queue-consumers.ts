import { Injectable, type OnApplicationBootstrap } from '@nestjs/common';
import { DiscoveryService } from '@nestjs/core';
import { JobQueue } from './job-queue';
import { QueueProcessor } from './queue-processor';
import type { QueueName } from './queues';

/**
 * Finds every `QueueProcessor` provider (the `@Processor` classes) and binds it to this
 * process's queue adapter, so Bull and the in-process queue run the same classes. Not
 * @nestjs/bull's own explorer: it calls Bull's `process()` without handling the promise, which
 * rejects when the process stops before Redis was ever reached (an unhandled rejection); the
 * adapters' `consume` logs it.
 */
@Injectable()
export class QueueConsumers implements OnApplicationBootstrap {
  constructor(
    private readonly discovery: DiscoveryService,
    private readonly queue: JobQueue,
  ) {}

  onApplicationBootstrap(): void {
    for (const { instance } of this.discovery.getProviders()) {
      if (instance instanceof QueueProcessor) {
        this.bind(instance as QueueProcessor<QueueName>);
      }
    }
  }

  private bind(processor: QueueProcessor<QueueName>): void {
    if (!processor.consumption) {
      return;
    }
    const { queue, concurrency } = processor.consumption;
    this.queue.consume(queue, concurrency, (payload) => processor.handle(payload));
  }
}
