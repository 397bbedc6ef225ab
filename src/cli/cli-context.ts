import type { INestApplicationContext } from '@nestjs/common';
import { Module, type DynamicModule } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { createLogger } from '../common/logging/logger';
import { ConfigModule } from '../config/config.module';
import { loadConfig } from '../config/soku-config';
import { DatabaseModule } from '../database/database.module';
import { resolveDatabase } from '../database/embedded/resolve-database';
import { CacheModule } from '../infra/cache/cache.module';
import { RedisModule } from '../infra/redis/redis.module';
import { MetricsRegistryModule } from '../infra/metrics/metrics-registry.module';
import { VaultModule } from '../infra/vault/vault.module';
import { AuthModule } from '../modules/auth';
import { CreditsModule } from '../modules/credits';
import { IntegrationsModule } from '../modules/integrations';

@Module({})
class CliModule {
  static forRoot(...args: Parameters<typeof ConfigModule.forRoot>): DynamicModule {
    const [config] = args;
    return {
      module: CliModule,
      imports: [
        ConfigModule.forRoot(...args),
        DatabaseModule.forRoot(config),
        RedisModule,
        CacheModule,
        VaultModule,
        AuthModule,
        IntegrationsModule,
        // CreditsService records what it debits into the metrics registry.
        MetricsRegistryModule,
        CreditsModule,
      ],
    };
  }
}

/**
 * The services without the HTTP server, on the same database as the server: the running embedded
 * PostgreSQL is joined; if none runs, one is started for the command and stopped after it.
 */
export async function withCliContext<T>(
  work: (app: INestApplicationContext) => Promise<T>,
): Promise<T> {
  const config = loadConfig();
  const logger = createLogger(
    { ...config.app, logLevel: process.env.LOG_LEVEL ? config.app.logLevel : 'warn' },
    2,
  );
  const database = await resolveDatabase(config, logger);
  const app = await NestFactory.createApplicationContext(
    CliModule.forRoot(database.config, logger),
    {
      logger: false,
    },
  );
  try {
    return await work(app);
  } finally {
    await app.close();
    await database.embedded?.stop();
  }
}
