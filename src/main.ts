import 'reflect-metadata';
import type { INestApplication } from '@nestjs/common';
import type { Server } from 'node:http';
import type { Logger } from 'pino';
import { createApp } from './app.factory';
import { defaultScope } from './common/auth/route-auth';
import { createLogger } from './common/logging/logger';
import { applyHeapGrowth } from './common/runtime/heap-growth';
import { apiVersionNotices } from './config/api-version-sunsets';
import { ConfigValidationError, loadConfig, SokuConfig } from './config/soku-config';
import { EmbeddedPostgresError } from './database/embedded/postgres-process';
import { type DemoUser, FirstRunService } from './modules/auth';
import { IntegrationsService } from './modules/integrations';
import { CreditsService } from './modules/credits';

/** AI credits the embedded first run's demo user starts with, to try transcription. */
const DEMO_CREDITS = 100;
import { resolveDatabase, type ResolvedDatabase } from './database/embedded/resolve-database';

async function main(): Promise<void> {
  let config: SokuConfig;
  try {
    config = loadConfig();
  } catch (error) {
    if (error instanceof ConfigValidationError) {
      process.stderr.write(`${error.message}\n`);
      process.exit(78);
    }
    throw error;
  }
  applyHeapGrowth(config.app.heapGrowthPercent);
  const logger = createLogger(config.app);
  for (const notice of apiVersionNotices(config.platformApi, new Date())) {
    logger.warn({ setting: notice.setting, sunsetAt: notice.sunsetAt }, notice.message);
  }

  let database: ResolvedDatabase;
  try {
    database = await resolveDatabase(config, logger);
  } catch (error) {
    if (error instanceof EmbeddedPostgresError) {
      logger.fatal(error.message);
      process.stderr.write(`\n${error.message}\n`);
      process.exit(1);
    }
    throw error;
  }

  const app = await createApp(database.config, logger);
  // A worker first drains its jobs (SOKU_WORKER_DRAIN_TIMEOUT_MS), then shuts down like the API.
  const drainMs = config.app.role === 'api' ? 0 : config.orchestration.drainTimeoutMs;
  installShutdown(app, database, logger, config.app.shutdownTimeoutMs + drainMs);
  if (config.app.role !== 'worker') {
    const demo = database.embedded ? await app.get(FirstRunService).ensureDemoUser() : null;
    if (demo) {
      // Here rather than in FirstRunService: AuthModule must not depend on IntegrationsModule.
      await app.get(IntegrationsService).createSandboxAccounts(defaultScope(demo.userId));
      await app.get(CreditsService).grant(demo.userId, DEMO_CREDITS, 'demo user of the first run');
    }
    await app.listen(config.app.port, config.app.host);
    announce(database.config, app, logger);
    printDemoUser(demo, app);
  } else {
    // Only the probes and /metrics: Kubernetes and Prometheus reach the worker through them.
    await app.listen(config.app.port, config.app.host);
    logger.info(`worker started; /health, /health/ready and /metrics on port ${config.app.port}`);
  }
}

function announce(config: SokuConfig, app: INestApplication, logger: Logger): void {
  const base = baseUrl(app, config);
  logger.info({ role: config.app.role }, `Soku API listening on ${base}`);
  process.stdout.write(
    `\n  Soku is running (${config.database.url?.includes('127.0.0.1') ? 'embedded' : 'external'} database)\n` +
      `  API:        ${base}/v1\n  Swagger UI: ${base}/docs\n  OpenAPI:    ${base}/docs-json\n  Console:    ${base}/console\n  Health:     ${base}/health\n\n`,
  );
}

function baseUrl(app: INestApplication, config: SokuConfig): string {
  const address = (app.getHttpServer() as Server).address();
  const port = typeof address === 'object' && address ? address.port : config.app.port;
  return `http://localhost:${port}`;
}

function printDemoUser(demo: DemoUser | null, app: INestApplication): void {
  if (!demo) {
    return;
  }
  const base = baseUrl(app, app.get(SokuConfig));
  process.stdout.write(
    `  First run: created the demo user ${demo.email} (active subscription).\n` +
      `  API key (shown once): ${demo.apiKey}\n` +
      `  Sandbox accounts: one per platform (accountId sandbox_<platform>), see GET /v1/integrations\n\n` +
      `  Try it:\n` +
      `    export SOKU_API_KEY=${demo.apiKey}\n` +
      `    export SOKU_ID_TOKEN=${demo.idToken}\n` +
      `    curl -H "Authorization: Bearer $SOKU_ID_TOKEN" ${base}/v1/api-keys\n\n` +
      `  The ID token lasts an hour; mint another with: npx soku users:token --email ${demo.email}\n\n`,
  );
}

/**
 * SIGTERM / SIGINT: stop accepting connections, let in-flight requests finish, close the pool,
 * then stop the embedded PostgreSQL this process owns. A second signal, or the timeout, exits.
 */
function installShutdown(
  app: INestApplication,
  database: ResolvedDatabase,
  logger: Logger,
  timeoutMs: number,
): void {
  let stopping = false;
  const shutdown = (signal: NodeJS.Signals): void => {
    if (stopping) {
      logger.warn(`${signal} again: exiting now`);
      process.exit(1);
    }
    stopping = true;
    logger.info(`${signal} received: shutting down`);
    const force = setTimeout(() => {
      logger.error('shutdown timed out: exiting');
      process.exit(1);
    }, timeoutMs);
    force.unref();
    const server = app.getHttpServer() as Server;
    setImmediate(() => server.closeIdleConnections());
    app
      .close()
      .then(() => database.embedded?.stop())
      .then(() => {
        logger.info('shutdown complete');
        process.exit(0);
      })
      .catch((error: unknown) => {
        logger.error({ err: error }, 'shutdown failed');
        process.exit(1);
      });
  };
  process.on('SIGTERM', shutdown);
  process.on('SIGINT', shutdown);
}

main().catch((error: unknown) => {
  process.stderr.write(`Soku failed to start: ${(error as Error).stack ?? String(error)}\n`);
  process.exit(1);
});
