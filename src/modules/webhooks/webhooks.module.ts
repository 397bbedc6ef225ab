import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { SokuConfig } from '../../config/soku-config';
import { AddressPolicy } from '../../infra/net/address-policy';
import { hostResolverFor } from '../../infra/net/host-resolver';
import { AiModule } from '../ai/ai.module';
import { PostsModule } from '../posts/posts.module';
import { AutomationRunner } from './automations/automation-runner';
import { AutomationsController } from './automations/automations.controller';
import { AutomationsRepository } from './automations/automations.repository';
import { AutomationsService } from './automations/automations.service';
import { EndpointAddressPolicy } from './delivery/endpoint-address';
import { WebhookDeliverer } from './delivery/webhook-deliverer';
import { WebhookSender } from './delivery/webhook-sender';
import { WebhookDeliveryEntity } from './entities/webhook-delivery.entity';
import { WebhookEndpointEntity } from './entities/webhook-endpoint.entity';
import { OutboxRelay } from './outbox/outbox-relay';
import { WebhooksController } from './webhooks.controller';
import { WebhooksRepository } from './webhooks.repository';
import { WebhooksService } from './webhooks.service';

/**
 * Signed lifecycle events to user endpoints and the automations `enableRepurposing` feeds. Reads
 * the events outbox the other modules write; the worker runs its relay, delivery and automation
 * jobs (the queue comes from the global orchestration module, templates from the global
 * templates module).
 */
@Module({
  imports: [
    TypeOrmModule.forFeature([WebhookEndpointEntity, WebhookDeliveryEntity]),
    PostsModule,
    AiModule,
  ],
  controllers: [WebhooksController, AutomationsController],
  providers: [
    {
      provide: EndpointAddressPolicy,
      inject: [SokuConfig],
      useFactory: ({ media, webhooks }: SokuConfig) =>
        new EndpointAddressPolicy(
          new AddressPolicy(webhooks.allowedHosts),
          hostResolverFor(media.dnsServers, media.connectTimeoutMs),
          webhooks.allowedHosts,
        ),
    },
    {
      provide: WebhookSender,
      inject: [SokuConfig, EndpointAddressPolicy],
      useFactory: ({ media, webhooks }: SokuConfig, addresses: EndpointAddressPolicy) =>
        new WebhookSender(
          addresses,
          hostResolverFor(media.dnsServers, media.connectTimeoutMs),
          webhooks.timeoutMs,
        ),
    },
    WebhooksRepository,
    WebhooksService,
    WebhookDeliverer,
    AutomationsRepository,
    AutomationsService,
    AutomationRunner,
    OutboxRelay,
  ],
  exports: [OutboxRelay, WebhookDeliverer, AutomationRunner],
})
export class WebhooksModule {}
