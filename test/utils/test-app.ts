import 'reflect-metadata';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { INestApplication, ModuleMetadata } from '@nestjs/common';
import type { Server } from 'node:http';
import { DataSource } from 'typeorm';
import { createApp } from '../../src/app.factory';
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
}

/** The real app (same factory as `npm start`) on this worker's test database. */
export async function createTestApp(options: TestAppOptions = {}): Promise<TestApp> {
  const url = process.env.SOKU_TEST_WORKER_DATABASE_URL;
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
    ...options.env,
    DATABASE_URL: url,
  });
  const app = await createApp(config, createLogger(config.app), { imports: options.imports });
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
