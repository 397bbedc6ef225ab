import { type DynamicModule, Module, type ModuleMetadata } from '@nestjs/common';
import type { Logger } from 'pino';
import { ConfigModule } from './config/config.module';
import type { SokuConfig } from './config/soku-config';
import { DatabaseModule } from './database/database.module';
import { RedisModule } from './infra/redis/redis.module';
import { CacheModule } from './infra/cache/cache.module';
import { QueueModule } from './infra/queue/queue.module';
import { VaultModule } from './infra/vault/vault.module';
import { MetricsRegistryModule } from './infra/metrics/metrics-registry.module';
import { AuthModule } from './modules/auth';
import { ProfilesModule } from './modules/profiles';
import { HealthModule } from './modules/health';
import { MetricsModule } from './modules/metrics';
import { AdminModule } from './modules/admin';
import { IntegrationsModule } from './modules/integrations';
import { PublishingModule } from './modules/publishing/publishing.module';
import { PostsModule } from './modules/posts/posts.module';
import { MediaFilesModule, MediaModule } from './modules/media';
import { IdempotencyModule } from './modules/idempotency';
import { RateLimitsModule } from './modules/rate-limits';
import { RequestsModule } from './modules/requests';
import { AiModule } from './modules/ai';
import { CreditsModule } from './modules/credits';
import { TemplatesModule } from './modules/templates';
import { WebhooksModule } from './modules/webhooks/webhooks.module';
import { AutomationsModule } from './modules/automations';
import { AnalyticsModule } from './modules/analytics';
import { ConsoleModule } from './modules/console';

@Module({})
export class AppModule {
  static forRoot(
    config: SokuConfig,
    logger: Logger,
    extra: Pick<ModuleMetadata, 'imports'> = {},
  ): DynamicModule {
    return {
      module: AppModule,
      imports: [
        ConfigModule.forRoot(config, logger),
        DatabaseModule.forRoot(config),
        RedisModule,
        CacheModule,
        QueueModule.forRoot(config),
        VaultModule,
        MetricsRegistryModule,
        MetricsModule,
        HealthModule,
        AuthModule,
        ProfilesModule,
        IntegrationsModule,
        PostsModule,
        PublishingModule,
        MediaModule,
        MediaFilesModule.forRoot(config),
        TemplatesModule,
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
        AnalyticsModule,
        ...(extra.imports ?? []),
      ],
    };
  }
}
