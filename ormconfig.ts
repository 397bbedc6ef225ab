import 'reflect-metadata';
import { DataSource } from 'typeorm';
import { loadConfig } from './src/config/soku-config';
import { createLogger } from './src/common/logging/logger';
import { resolveDatabase } from './src/database/embedded/resolve-database';
import { typeOrmOptions } from './src/database/typeorm-options';

/**
 * The DataSource for the TypeORM CLI (migration:generate / run / revert), built from the same
 * validated config as the app. In embedded mode it joins (or starts) the embedded PostgreSQL.
 */
export default (async () => {
  const config = loadConfig();
  const { config: resolved } = await resolveDatabase(config, createLogger(config.app));
  return new DataSource({
    ...typeOrmOptions(resolved),
    entities: ['src/modules/**/entities/*.entity.ts'],
  });
})();
