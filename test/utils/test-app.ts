import 'reflect-metadata';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { INestApplication, ModuleMetadata, Type } from '@nestjs/common';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { Test } from '@nestjs/testing';
import type { Logger } from 'pino';
import type { Server } from 'node:http';
import { DataSource } from 'typeorm';
import { appOptions, configureApp, createApp } from '../../src/app.factory';
import { AppModule } from '../../src/app.module';
import { createLogger } from '../../src/common/logging/logger';
import { loadConfig, type SokuConfig } from '../../src/config/soku-config';
import type { Env } from '../../src/config/env-slice';
import { assertTestDatabase } from '../setup/test-database';

export interface TestApp {
  app: INestApplication;
  http: Server;
  config: SokuConfig;
  dataSource: DataSource;
  /** Empties every table but the migrations', between tests. */
  reset(): Promise<void>;
  close(): Promise<void>;
}

export interface TestAppOptions {
  env?: Env;
  /** Extra modules, e.g. a controller that exists only to provoke a failure. */
  imports?: ModuleMetadata['imports'];
  /** Providers replaced wherever they live, e.g. PLATFORM_CONNECTORS with a test connector. */
  overrides?: { provide: string | symbol | Type; useValue: unknown }[];
  /** Another test database than this jest worker's, e.g. a cluster a fault suite stops. */
  databaseUrl?: string;
}

/** The product's Redis command timeout, for suites about Redis being away or silent. */
export const FAIL_FAST_REDIS = { SOKU_REDIS_COMMAND_TIMEOUT_MS: '500' } as const;

/** The real app (same factory as `npm start`) on this worker's test database. */
export async function createTestApp(options: TestAppOptions = {}): Promise<TestApp> {
  const url = options.databaseUrl ?? process.env.SOKU_TEST_WORKER_DATABASE_URL;
  if (!url) {
    throw new Error('No worker database: run the e2e suites through jest (global setup).');
  }
  assertTestDatabase(url);
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'soku-e2e-'));
  const config = loadConfig({
    NODE_ENV: 'test',
    LOG_LEVEL: process.env.LOG_LEVEL ?? 'silent',
    SOKU_DATA_DIR: dataDir,
    SOKU_MIGRATIONS_RUN: 'false',
    // The suites share two cores, so a Redis reply can wait seconds for CPU; the product's 500 ms
    // fail-fast would turn that into a flaky 503. Suites about Redis being away use
    // FAIL_FAST_REDIS.
    SOKU_REDIS_COMMAND_TIMEOUT_MS: '5000',
    // Likewise a pooled connection: a suite's background loops and a busy Postgres can hold one
    // past the product's 10 s under CI load.
    DATABASE_CONNECT_TIMEOUT_MS: '30000',
    ...options.env,
    DATABASE_URL: url,
  });
  const logger = createLogger(config.app);
  const app = options.overrides
    ? await createWithOverrides(config, logger, options)
    : await createApp(config, logger, { imports: options.imports });
  const dataSource = app.get(DataSource);
  return {
    app,
    http: app.getHttpServer() as Server,
    config,
    dataSource,
    reset: () => truncateAll(dataSource),
    close: async () => {
      await app.close();
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

async function createWithOverrides(
  config: SokuConfig,
  logger: Logger,
  options: TestAppOptions,
): Promise<INestApplication> {
  let builder = Test.createTestingModule({
    imports: [AppModule.forRoot(config, logger, { imports: options.imports })],
  });
  for (const { provide, useValue } of options.overrides ?? []) {
    builder = builder.overrideProvider(provide).useValue(useValue);
  }
  const moduleRef = await builder.compile();
  const app = moduleRef.createNestApplication<NestExpressApplication>(appOptions(logger));
  return configureApp(app, config, logger);
}

export async function truncateAll(dataSource: DataSource): Promise<void> {
  const rows: { tablename: string }[] = await dataSource.query(
    "SELECT tablename FROM pg_tables WHERE schemaname = 'public' AND tablename <> 'migrations'",
  );
  if (rows.length > 0) {
    const tables = rows.map((row) => `"${row.tablename}"`).join(', ');
    // The app's worker keeps running (reconciler, outbox relay, in-flight publishes): TRUNCATE
    // can deadlock with one of its transactions, and PostgreSQL then aborts one side. Try again.
    for (let attempt = 1; ; attempt++) {
      try {
        await dataSource.query(`TRUNCATE ${tables} RESTART IDENTITY CASCADE`);
        return;
      } catch (error) {
        if ((error as { code?: string }).code !== '40P01' || attempt >= 5) {
          throw error;
        }
      }
    }
  }
}
