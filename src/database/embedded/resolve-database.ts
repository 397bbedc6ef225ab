import type { Logger } from 'pino';
import type { SokuConfig } from '../../config/soku-config';
import { EmbeddedPostgres, type EmbeddedPostgresHandle } from './embedded-postgres';

export interface ResolvedDatabase {
  config: SokuConfig;
  /** Present in embedded mode: the cluster this process started or joined. */
  embedded?: EmbeddedPostgresHandle;
}

/** DATABASE_URL when set; otherwise the embedded PostgreSQL under the data dir. */
export async function resolveDatabase(
  config: SokuConfig,
  logger: Logger,
): Promise<ResolvedDatabase> {
  if (config.database.url) {
    return { config };
  }
  const embedded = await new EmbeddedPostgres({
    dataDir: config.app.dataDir,
    port: config.database.embeddedPort,
    database: 'soku',
    log: (message) => logger.info({ context: 'EmbeddedPostgres' }, message),
  }).start();
  return { config: config.withDatabaseUrl(embedded.url), embedded };
}
