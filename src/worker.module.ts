import { Module } from '@nestjs/common';
import { PublishingModule } from './modules/publishing';
import { WorkerService } from './modules/publishing/worker.service';
import { WebhooksModule } from './modules/webhooks/webhooks.module';

/**
 * The worker role's one consumer of publishing's and webhooks' queues. It sits above both
 * modules, so that publishing, which posts and webhooks import, imports neither of them.
 */
@Module({
  imports: [PublishingModule, WebhooksModule],
  providers: [WorkerService],
})
export class WorkerModule {}
