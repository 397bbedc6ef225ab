import { type DynamicModule, Module, type ModuleMetadata } from '@nestjs/common';
import type { Logger } from 'pino';
import { ConfigModule } from './config/config.module';
import type { SokuConfig } from './config/soku-config';
import { DatabaseModule } from './database/database.module';
import { RedisModule } from './infra/redis/redis.module';
import { CacheModule } from './infra/cache/cache.module';
import { QueueModule } from './infra/queue/queue.module';
import { VaultModule } from './infra/vault/vault.module';
import { AuthModule } from './modules/auth/auth.module';
import { HealthModule } from './modules/health/health.module';
import { MetricsModule } from './modules/metrics/metrics.module';
import { AdminModule } from './modules/admin/admin.module';
import { IntegrationsModule } from './modules/integrations/integrations.module';
import { PublishingModule } from './modules/publishing/publishing.module';
import { PostsModule } from './modules/posts/posts.module';
import { MediaModule } from './modules/media/media.module';
import { IdempotencyModule } from './modules/idempotency/idempotency.module';
import { RateLimitsModule } from './modules/rate-limits/rate-limits.module';
import { RequestsModule } from './modules/requests/requests.module';
import { AiModule } from './modules/ai/ai.module';
import { CreditsModule } from './modules/credits/credits.module';
import { TemplatesModule } from './modules/templates/templates.module';
import { WebhooksModule } from './modules/webhooks/webhooks.module';
import { AutomationsModule } from './modules/automations';
import { ConsoleModule } from './modules/console/console.module';

@Module({})
export class AppModule {
  static forRoot(
    config: SokuConfig,
    logger: Logger,
    extra: Pick<ModuleMetadata, 'imports'> = {},
  ): DynamicModule {
    const media = MediaModule.forRoot(config);
    return {
      module: AppModule,
      imports: [
        ConfigModule.forRoot(config, logger),
        DatabaseModule.forRoot(config),
        RedisModule,
        CacheModule,
        QueueModule.forRoot(config),
        VaultModule,
        MetricsModule,
        HealthModule,
        AuthModule,
        IntegrationsModule,
        PostsModule,
        PublishingModule,
        media,
        TemplatesModule.forRoot(media),
        CreditsModule,
        AiModule,
        // After AuthModule: its endpoint-limit guard must run after the auth guards.
        RateLimitsModule,
        IdempotencyModule,
        RequestsModule,
        WebhooksModule,
        AutomationsModule,
        ConsoleModule,
        AdminModule,
        ...(extra.imports ?? []),
      ],
    };
  }
}
