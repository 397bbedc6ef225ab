import { Module } from '@nestjs/common';
import { AiModule } from '../ai';
import { IntegrationsModule } from '../integrations';
import { MediaModule } from '../media';
import { PostsModule } from '../posts';
import { TemplatesModule } from '../templates';
import { WebhooksModule } from '../webhooks';
import { AutomationProcessor } from './automation.processor';
import { AutomationRunner } from './automation-runner';
import { AutomationRunsOutboxConsumer } from './automation-runs.outbox-consumer';
import { AutomationRunsRepository } from './automation-runs.repository';
import { AutomationsController } from './automations.controller';
import { AutomationsRepository } from './automations.repository';
import { AutomationsService } from './automations.service';
import { AutomationsDeletionStep } from './automations.deletion-step';
import { ProfilesModule } from '../profiles';

/**
 * The rules `enableRepurposing` feeds: a published run triggers reposts, repurposed posts or a
 * webhook call. Runs start from the webhooks outbox relay (as its OutboxConsumer) and run on
 * workers through the `automation` processor, with the templates, media and accounts modules.
 */
@Module({
  imports: [
    WebhooksModule,
    PostsModule,
    AiModule,
    IntegrationsModule,
    MediaModule,
    TemplatesModule,
    ProfilesModule,
  ],
  controllers: [AutomationsController],
  providers: [
    AutomationsRepository,
    AutomationRunsRepository,
    AutomationsService,
    AutomationRunner,
    AutomationRunsOutboxConsumer,
    AutomationProcessor,
    AutomationsDeletionStep,
  ],
})
export class AutomationsModule {}
