import { Client } from 'pg';

/** The e2e suites must never touch a database that is not obviously a test one. */
export function assertTestDatabase(url: string): void {
  const name = databaseName(url);
  if (!name.toLowerCase().includes('test')) {
    throw new Error(
      `Refusing to run the tests against database "${name}": its name must contain "test".`,
    );
  }
}

export function databaseName(url: string): string {
  return decodeURIComponent(new URL(url).pathname.replace(/^\//, ''));
}

export function withDatabase(url: string, name: string): string {
  const parsed = new URL(url);
  parsed.pathname = `/${encodeURIComponent(name)}`;
  return parsed.toString();
}

export function workerDatabaseName(base: string, workerId: string | number): string {
  return `${base}_w${workerId}`;
}

/** Recreates each worker's database as a copy of the migrated template. */
export async function cloneForWorkers(templateUrl: string, workers: number): Promise<void> {
  const template = databaseName(templateUrl);
  const admin = new Client({ connectionString: withDatabase(templateUrl, 'postgres') });
  await admin.connect();
  try {
    for (let worker = 1; worker <= workers; worker++) {
      const name = admin.escapeIdentifier(workerDatabaseName(template, worker));
      await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await admin.query(`CREATE DATABASE ${name} TEMPLATE ${admin.escapeIdentifier(template)}`);
    }
  } finally {
    await admin.end();
  }
}

/** A fresh, empty database for each run, so a changed migration never meets a stale schema. */
export async function recreateDatabase(url: string): Promise<void> {
  const name = databaseName(url);
  const admin = new Client({ connectionString: withDatabase(url, 'postgres') });
  await admin.connect();
  try {
    await admin.query(`DROP DATABASE IF EXISTS ${admin.escapeIdentifier(name)} WITH (FORCE)`);
    await admin.query(`CREATE DATABASE ${admin.escapeIdentifier(name)}`);
  } finally {
    await admin.end();
  }
}
