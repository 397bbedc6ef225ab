import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { SokuConfig } from '../../config/soku-config';
import { AddressPolicy } from '../media/import/address-policy';
import { HostResolver, SystemHostResolver } from '../media/import/host-resolver';
import { DnsServerHostResolver } from '../media/import/host-resolver';
import { AiModule } from '../ai/ai.module';
import { PostsModule } from '../posts/posts.module';
import { AutomationProcessor } from './automations/automation.processor';
import { AutomationRunner } from './automations/automation-runner';
import { AutomationsController } from './automations/automations.controller';
import { AutomationRunsRepository } from './automations/automation-runs.repository';
import { AutomationsRepository } from './automations/automations.repository';
import { AutomationsService } from './automations/automations.service';
import { DeliveriesRepository } from './delivery/deliveries.repository';
import { EndpointAddressPolicy } from './delivery/endpoint-address';
import { WebhookDeliverer } from './delivery/webhook-deliverer';
import { WebhookProcessor } from './delivery/webhook.processor';
import { WebhookSender } from './delivery/webhook-sender';
import { WebhookDeliveryEntity } from './entities/webhook-delivery.entity';
import { WebhookEndpointEntity } from './entities/webhook-endpoint.entity';
import { OutboxRelay } from './outbox/outbox-relay';
import { OutboxRelaySchedule } from './outbox/outbox-relay.schedule';
import { OutboxRepository } from './outbox/outbox.repository';
import { WebhooksController } from './webhooks.controller';
import { WebhooksRepository } from './webhooks.repository';
import { WebhooksService } from './webhooks.service';

/**
 * Signed lifecycle events to user endpoints and the automations `enableRepurposing` feeds. Reads
 * the events outbox the other modules write; its relay pass and its delivery and automation
 * processors run on workers (the queue comes from the global infra QueueModule, templates from
 * the global templates module).
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
          resolverFor(media.dnsServers, media.connectTimeoutMs),
          webhooks.allowedHosts,
        ),
    },
    {
      provide: WebhookSender,
      inject: [SokuConfig, EndpointAddressPolicy],
      useFactory: ({ media, webhooks }: SokuConfig, addresses: EndpointAddressPolicy) =>
        new WebhookSender(
          addresses,
          resolverFor(media.dnsServers, media.connectTimeoutMs),
          webhooks.timeoutMs,
        ),
    },
    WebhooksRepository,
    DeliveriesRepository,
    OutboxRepository,
    WebhooksService,
    WebhookDeliverer,
    AutomationsRepository,
    AutomationRunsRepository,
    AutomationsService,
    AutomationRunner,
    OutboxRelay,
    OutboxRelaySchedule,
    WebhookProcessor,
    AutomationProcessor,
  ],
})
export class WebhooksModule {}

/** The same resolver as media imports: the operator's DNS servers, else the system's. */
function resolverFor(servers: string[], timeoutMs: number): HostResolver {
  return servers.length > 0
    ? new DnsServerHostResolver(servers, timeoutMs)
    : new SystemHostResolver();
}
