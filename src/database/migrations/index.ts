import type { MigrationInterface } from 'typeorm';
import { Identity1764430000000 } from './1764430000000-Identity';
import { CreateMedia1764500000000 } from './1764500000000-CreateMedia';

/** Every migration, in order. Listed explicitly so the app, the CLI and the tests agree. */
export const MIGRATIONS: (new () => MigrationInterface)[] = [
  Identity1764430000000,
  CreateMedia1764500000000,
];
