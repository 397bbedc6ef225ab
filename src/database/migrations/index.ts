import type { MigrationInterface } from 'typeorm';

/** Every migration, in order. Listed explicitly so the app, the CLI and the tests agree. */
export const MIGRATIONS: (new () => MigrationInterface)[] = [];
