import type { INestApplicationContext } from '@nestjs/common';
import { AppError, ErrorCode } from '../common/errors';

/** What every command is made of, and the option readers they share. */

export type Options = Record<string, string | boolean | undefined>;

/** A command's work; its name, options and help are in COMMAND_CATALOG. */
export interface Command {
  run(app: INestApplicationContext, options: Options): Promise<object>;
}

/** A command line that cannot run as given; the CLI prints its message. */
export class UsageError extends AppError {
  constructor(message: string) {
    super(400, ErrorCode.ValidationError, message);
  }
}

export function required(options: Options, name: string): string {
  const value = options[name];
  if (typeof value !== 'string' || value.trim() === '') {
    throw new UsageError(`--${name} is required`);
  }
  return value.trim();
}

export function email(options: Options): string {
  const value = required(options, 'email');
  if (!/^[^\s@]+@[^\s@]+$/.test(value)) {
    throw new UsageError(`--email: "${value}" is not an email address`);
  }
  return value;
}
