import type { MigrationInterface } from 'typeorm';
import { CreateMedia1764500000000 } from './1764500000000-CreateMedia';

/** Every migration, in order. Listed explicitly so the app, the CLI and the tests agree. */
export const MIGRATIONS: (new () => MigrationInterface)[] = [CreateMedia1764500000000];
