import { databaseName, withDatabase, workerDatabaseName } from './test-database';

// Each Jest worker has a database of its own, so suites in parallel never clean each other's data.
const base = process.env.SOKU_TEST_DATABASE_URL;
if (!base) {
  throw new Error('SOKU_TEST_DATABASE_URL is unset: the e2e global setup did not run.');
}
const worker = process.env.JEST_WORKER_ID ?? '1';
process.env.SOKU_TEST_WORKER_DATABASE_URL = withDatabase(
  base,
  workerDatabaseName(databaseName(base), worker),
);
