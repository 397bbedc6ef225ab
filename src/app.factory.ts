import type { INestApplication, ModuleMetadata } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import type { Logger } from 'pino';
import { AppModule } from './app.module';
import { AllExceptionsFilter } from './common/filters/all-exceptions.filter';
import { httpPipeline } from './common/http/http-pipeline';
import { PinoNestLogger } from './common/logging/logger';
import { mountOpenApi } from './common/openapi/openapi';
import { AppValidationPipe } from './common/validation/validation.pipe';
import type { SokuConfig } from './config/soku-config';
import { GlobalRateLimitMiddleware } from './modules/rate-limits';
import { RequestLogMiddleware } from './modules/requests';
import { HttpMetricsMiddleware } from './modules/metrics';
import { workerRoleGate } from './common/http/worker-role-gate';
import { QUEUE_DASHBOARD_PATH, QueueDashboard } from './modules/admin';

/**
 * Builds the fully configured application: the same for `npm start`, the worker and the e2e
 * tests. `config.database.url` must already be resolved.
 */
export async function createApp(
  config: SokuConfig,
  logger: Logger,
  extra: Pick<ModuleMetadata, 'imports'> = {},
): Promise<INestApplication> {
  const app = await NestFactory.create<NestExpressApplication>(
    AppModule.forRoot(config, logger, extra),
    appOptions(logger),
  );
  return configureApp(app, config, logger);
}

export function appOptions(logger: Logger): { bodyParser: false; logger: PinoNestLogger } {
  return { bodyParser: false, logger: new PinoNestLogger(logger) };
}

/**
 * The HTTP pipeline, the one exception filter, validation and OpenAPI on a created app; then
 * init. Apart from createApp only for tests that build the module with a provider replaced.
 */
export async function configureApp(
  app: NestExpressApplication,
  config: SokuConfig,
  logger: Logger,
): Promise<INestApplication> {
  app.disable('x-powered-by');
  app.set('trust proxy', config.app.trustProxy);
  app.set('etag', false);
  app.use(
    ...httpPipeline(logger, [
      app.get(HttpMetricsMiddleware).handler,
      ...(config.app.role === 'worker' ? [workerRoleGate()] : []),
      app.get(RequestLogMiddleware).handler,
      app.get(GlobalRateLimitMiddleware).handler,
    ]),
  );
  // Before Nest's routes (registered by init): bull-board's pages, admin only.
  app.use(QUEUE_DASHBOARD_PATH, app.get(QueueDashboard).router());
  app.useGlobalFilters(new AllExceptionsFilter(logger, config.isDevelopment));
  app.useGlobalPipes(new AppValidationPipe());
  mountOpenApi(app);
  await app.init();
  return app;
}
