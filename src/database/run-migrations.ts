import type { DataSource } from 'typeorm';

/** Arbitrary but fixed: serialises migrations across every Soku process on one database. */
const MIGRATION_LOCK_ID = 4_242_001;

/**
 * Runs pending migrations under a PostgreSQL advisory lock, so an API and a worker booting at the
 * same moment do not race to apply the same migration.
 */
export async function runMigrationsLocked(dataSource: DataSource): Promise<void> {
  const runner = dataSource.createQueryRunner();
  await runner.connect();
  try {
    await runner.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK_ID]);
    await dataSource.runMigrations({ transaction: 'each' });
  } finally {
    await runner.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK_ID]).catch(() => undefined);
    await runner.release();
  }
}
