/** The webhooks module's public API: what other modules may import. */
export { WebhooksModule } from './webhooks.module';
export { WebhooksService } from './webhooks.service';
export * from './webhooks.errors';
export { OutboxConsumer } from './outbox/outbox-consumer';
export { OutboxRelay } from './outbox/outbox-relay';
