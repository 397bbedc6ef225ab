import type { DataSourceOptions } from 'typeorm';
import type { SokuConfig } from '../config/soku-config';
import { MIGRATIONS } from './migrations';

/** The one set of TypeORM options; the app module and ormconfig.ts both build from it. */
export function typeOrmOptions(config: SokuConfig): DataSourceOptions {
  if (!config.database.url) {
    throw new Error('The database URL must be resolved (embedded PostgreSQL started) first.');
  }
  return {
    type: 'postgres',
    url: config.database.url,
    applicationName: `soku-${config.app.role}`,
    synchronize: false,
    migrationsRun: false,
    migrations: MIGRATIONS,
    migrationsTableName: 'migrations',
    extra: {
      max: config.database.poolSize,
      connectionTimeoutMillis: config.database.connectTimeoutMs,
    },
  };
}
