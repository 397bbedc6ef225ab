import 'reflect-metadata';
import { parseArgs } from 'node:util';
import { AppError } from '../common/errors';
import { ConfigValidationError } from '../config/soku-config';
import { EmbeddedPostgresError } from '../database/embedded/embedded-postgres';
import { withCliContext } from './cli-context';
import { COMMANDS } from './commands';

function help(): string {
  return [
    'Usage: soku <command> [options] [--json]',
    '',
    'Commands:',
    ...Object.values(COMMANDS).map((command) => `  soku ${command.usage}`),
    '',
    'With --json, each command prints exactly one JSON object on stdout.',
  ].join('\n');
}

function print(json: boolean, result: object): void {
  process.stdout.write(
    json
      ? `${JSON.stringify(result)}\n`
      : `${Object.entries(result)
          .map(
            ([key, value]) =>
              `${key}: ${typeof value === 'object' ? JSON.stringify(value) : String(value)}`,
          )
          .join('\n')}\n`,
  );
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

async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  const json = rest.includes('--json');
  const command = name ? COMMANDS[name] : undefined;
  if (!command) {
    if (json) {
      print(true, {
        error: { code: 'unknown_command', message: `Unknown command: ${name ?? '(none)'}` },
      });
    } else {
      process.stderr.write(`${name ? `Unknown command: ${name}\n\n` : ''}${help()}\n`);
    }
    return name && name !== '--help' ? 2 : 0;
  }
  try {
    const { values } = parseArgs({
      args: rest,
      options: { ...command.options, json: { type: 'boolean' } },
      strict: true,
    });
    const result = await withCliContext((app) => command.run(app, values));
    print(json, result);
    return 0;
  } catch (error) {
    const message = (error as Error).message;
    if (json) {
      print(true, { error: { code: errorCode(error), message } });
    } else {
      process.stderr.write(`soku ${name}: ${message}\n`);
    }
    return 1;
  }
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`${(error as Error).stack ?? String(error)}\n`);
    process.exit(1);
  },
);
