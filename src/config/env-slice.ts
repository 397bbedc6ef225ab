import { plainToInstance } from 'class-transformer';
import { validateSync, type ValidationError } from 'class-validator';

export type Env = Record<string, string | undefined>;

/** A comma-separated list, trimmed, empty items dropped. */
export const toList = ({ value }: { value?: string }): string[] =>
  (value ?? '')
    .split(',')
    .map((item) => item.trim())
    .filter((item) => item !== '');

/** One problem with one environment variable, named as the operator sets it. */
export interface EnvProblem {
  variable: string;
  problem: string;
  received?: string;
}

/**
 * Reads one slice of the environment into a class whose property names are the variable names,
 * so a failed constraint names the variable the operator must fix. Empty strings count as unset.
 */
export function readEnvSlice<T extends object>(
  schema: new () => T,
  env: Env,
): { value: T; problems: EnvProblem[] } {
  const present: Record<string, string> = {};
  for (const [key, raw] of Object.entries(env)) {
    if (raw !== undefined && raw !== '') {
      present[key] = raw;
    }
  }
  const value = plainToInstance(schema, present, { excludeExtraneousValues: true });
  const errors = validateSync(value, { skipMissingProperties: false });
  return { value, problems: errors.flatMap((error) => toProblems(error, present)) };
}

function toProblems(error: ValidationError, env: Record<string, string>): EnvProblem[] {
  const constraints = Object.values(error.constraints ?? {});
  return constraints.map((problem) => ({
    variable: error.property,
    problem,
    received: env[error.property],
  }));
}
