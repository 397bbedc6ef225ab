import { Command, CommanderError, Option } from 'commander';
import type { Options } from './cli-options';
import { COMMAND_CATALOG, type CommandName, type OptionSpec } from './command-catalog';

/** Exit codes: 0 done, 1 the command failed, 2 the command line itself is wrong. */
const EXIT_FAILED = 1;
const EXIT_USAGE = 2;

const JSON_HELP =
  'With --json, a command prints exactly one JSON object on stdout: its result, or ' +
  '{"error": {"code", "message"}} (exit 1 when the command fails, 2 for a usage error).';

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

/** The parser and help of every command; the application is loaded only to run one. */
function program(json: boolean, done: (code: number) => void): Command {
  // Under --json, stdout carries only the one JSON object: commander's own errors are dropped.
  const output = json ? { writeErr: () => undefined, outputError: () => undefined } : {};
  const root = new Command('soku')
    .description('Manage the users, keys, credits and accounts of a Soku installation.')
    .addHelpText('after', `\n${JSON_HELP}`)
    .helpCommand(true)
    .showSuggestionAfterError()
    .showHelpAfterError('(add --help for usage)')
    .exitOverride()
    .configureOutput(output);
  for (const [name, spec] of Object.entries(COMMAND_CATALOG)) {
    const command = root
      .command(name)
      .description(spec.description)
      .allowExcessArguments(false)
      .showHelpAfterError('(add --help for usage)')
      .exitOverride()
      .configureOutput(output);
    const flags = Object.entries<OptionSpec>(spec.options).map(([flag, option]) => {
      const parsed = new Option(
        option.type === 'string' ? `--${flag} <${option.value}>` : `--${flag}`,
        option.description,
      );
      command.addOption(parsed);
      return [flag, parsed.attributeName()] as const;
    });
    command.option('--json', 'print exactly one JSON object on stdout');
    command.action(async (parsed: Record<string, string | boolean | undefined>) => {
      const options: Options = Object.fromEntries(flags.map(([flag, key]) => [flag, parsed[key]]));
      const { runCommand } = await import('./run-command.js');
      const outcome = await runCommand(name as CommandName, options);
      if ('result' in outcome) {
        print(json, outcome.result);
        done(0);
      } else {
        if (json) {
          print(true, outcome);
        } else {
          process.stderr.write(`soku ${name}: ${outcome.error.message}\n`);
        }
        done(EXIT_FAILED);
      }
    });
  }
  return root;
}

async function main(argv: string[]): Promise<number> {
  const json = argv.includes('--json');
  let code = 0;
  const root = program(json, (exit) => (code = exit));
  if (argv.length === 0) {
    root.outputHelp({ error: true });
    return EXIT_USAGE;
  }
  try {
    await root.parseAsync(argv, { from: 'user' });
    return code;
  } catch (error) {
    if (!(error instanceof CommanderError)) {
      throw error;
    }
    if (error.exitCode === 0) {
      return 0; // --help, help <command>
    }
    if (json) {
      print(true, {
        error: { code: 'usage_error', message: error.message.replace(/^error: /, '') },
      });
    }
    return EXIT_USAGE;
  }
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`${(error as Error).stack ?? String(error)}\n`);
    process.exit(EXIT_FAILED);
  },
);
