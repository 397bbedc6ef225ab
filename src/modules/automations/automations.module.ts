import { Module } from '@nestjs/common';
import { AiModule } from '../ai';
import { PostsModule } from '../posts';
import { WebhooksModule } from '../webhooks';
import { AutomationProcessor } from './automation.processor';
import { AutomationRunner } from './automation-runner';
import { AutomationRunsOutboxConsumer } from './automation-runs.outbox-consumer';
import { AutomationRunsRepository } from './automation-runs.repository';
import { AutomationsController } from './automations.controller';
import { AutomationsRepository } from './automations.repository';
import { AutomationsService } from './automations.service';

/**
 * The rules `enableRepurposing` feeds: a published run triggers reposts, repurposed posts or a
 * webhook call. Runs start from the webhooks outbox relay (as its OutboxConsumer) and run on
 * workers through the `automation` processor; templates and media come from their global modules.
 */
@Module({
  imports: [WebhooksModule, PostsModule, AiModule],
  controllers: [AutomationsController],
  providers: [
    AutomationsRepository,
    AutomationRunsRepository,
    AutomationsService,
    AutomationRunner,
    AutomationRunsOutboxConsumer,
    AutomationProcessor,
  ],
})
export class AutomationsModule {}
