import 'reflect-metadata';
import { AppError } from '../common/errors';
import { ConfigValidationError } from '../config/soku-config';
import { EmbeddedPostgresError } from '../database/embedded/postgres-process';
import { withCliContext } from './cli-context';
import type { Options } from './cli-options';
import type { CommandName } from './command-catalog';
import { COMMANDS } from './commands';

/** The outcome of one command: what to print, and whether it failed. */
export type CommandOutcome = { result: object } | { error: { code: string; message: string } };

/** Loaded only once a command is to run: the services, the database and their config. */
export async function runCommand(name: CommandName, options: Options): Promise<CommandOutcome> {
  try {
    return { result: await withCliContext((app) => COMMANDS[name].run(app, options)) };
  } catch (error) {
    return { error: { code: errorCode(error), message: (error as Error).message } };
  }
}

function errorCode(error: unknown): string {
  if (error instanceof AppError) {
    return error.code;
  }
  if (error instanceof ConfigValidationError) {
    return 'invalid_configuration';
  }
  return error instanceof EmbeddedPostgresError ? 'database_unavailable' : 'internal_error';
}
