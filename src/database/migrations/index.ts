import type { MigrationInterface } from 'typeorm';
import { Identity1764430000000 } from './1764430000000-Identity';
import { IdempotencyAndRequestLog1764440000000 } from './1764440000000-IdempotencyAndRequestLog';

/** Every migration, in order. Listed explicitly so the app, the CLI and the tests agree. */
export const MIGRATIONS: (new () => MigrationInterface)[] = [
  Identity1764430000000,
  IdempotencyAndRequestLog1764440000000,
];
