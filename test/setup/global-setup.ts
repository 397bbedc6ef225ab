import 'reflect-metadata';
import * as path from 'node:path';
import type { Config } from '@jest/types';
import Redis from 'ioredis';
import { DataSource } from 'typeorm';
import {
  EmbeddedPostgres,
  type EmbeddedPostgresHandle,
} from '../../src/database/embedded/embedded-postgres';
import { MIGRATIONS } from '../../src/database/migrations';
import { runMigrationsLocked } from '../../src/database/run-migrations';
import { freePort } from '../utils/soku-process';
import { assertTestDatabase, cloneForWorkers, recreateDatabase } from './test-database';
import { CHROMIUM_PATH, chromiumAvailable } from '../utils/chromium';

declare global {
  var __SOKU_TEST_PG__: EmbeddedPostgresHandle | undefined;
}

/**
 * One PostgreSQL for the whole run: TEST_DATABASE_URL when set, else an embedded cluster under
 * .soku-test/. Migrations run once on a template that each Jest worker gets a copy of.
 */
export default async function globalSetup(globalConfig: Config.GlobalConfig): Promise<void> {
  let url = process.env.TEST_DATABASE_URL;
  if (!url) {
    const handle = await new EmbeddedPostgres({
      dataDir: path.resolve(__dirname, '../../.soku-test'),
      // A free port unless pinned: several checkouts (CI, worktrees) may run tests at once.
      port: Number(process.env.SOKU_TEST_PG_PORT ?? (await freePort())),
      database: 'soku_test',
      ephemeral: true,
    }).start();
    globalThis.__SOKU_TEST_PG__ = handle;
    url = handle.url;
  }
  assertTestDatabase(url);
  await recreateDatabase(url);
  const dataSource = await new DataSource({
    type: 'postgres',
    url,
    migrations: MIGRATIONS,
  }).initialize();
  try {
    await runMigrationsLocked(dataSource);
  } finally {
    await dataSource.destroy();
  }
  await cloneForWorkers(url, Math.max(globalConfig.maxWorkers, 1));
  process.env.SOKU_TEST_DATABASE_URL = url;
  await checkRedis();
  if (!chromiumAvailable) {
    process.stdout.write(
      `\nNo Chromium at ${CHROMIUM_PATH}: the browser suites are skipped (apt-get install -y chromium).\n`,
    );
  }
}

async function checkRedis(): Promise<void> {
  const url = process.env.REDIS_URL;
  if (!url) {
    process.stdout.write('\nREDIS_URL is unset: the suites that need Redis are skipped.\n');
    return;
  }
  const redis = new Redis(url, {
    lazyConnect: true,
    maxRetriesPerRequest: 0,
    connectTimeout: 2000,
    retryStrategy: () => null,
  });
  try {
    await redis.connect();
    await redis.ping();
  } catch (error) {
    throw new Error(
      `REDIS_URL=${url} does not answer (${(error as Error).message}). Start Redis or unset REDIS_URL.`,
      { cause: error },
    );
  } finally {
    redis.disconnect();
  }
}
