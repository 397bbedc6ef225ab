import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { SokuConfig } from '../../config/soku-config';
import { AddressPolicy } from '../../infra/net/address-policy';
import { hostResolverFor } from '../../infra/net/host-resolver';
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
import { EndpointsDeletionStep } from './endpoints.deletion-step';
import { ProfilesModule } from '../profiles';

/**
 * Signed lifecycle events to user endpoints. Reads the events outbox the other modules write:
 * its relay pass and its delivery processor run on workers, and other modules (automations) add
 * their share of each batch as an OutboxConsumer. The queue comes from the global QueueModule.
 */
@Module({
  imports: [
    TypeOrmModule.forFeature([WebhookEndpointEntity, WebhookDeliveryEntity]),
    ProfilesModule,
  ],
  controllers: [WebhooksController],
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
    DeliveriesRepository,
    OutboxRepository,
    WebhooksService,
    WebhookDeliverer,
    OutboxRelay,
    OutboxRelaySchedule,
    WebhookProcessor,
    EndpointsDeletionStep,
  ],
  exports: [WebhooksService, OutboxRelay],
})
export class WebhooksModule {}
