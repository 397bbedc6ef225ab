/** SQLSTATE 23505: an INSERT or UPDATE collided with a unique index. */
const UNIQUE_VIOLATION = '23505';

interface PgErrorFields {
  code?: unknown;
  constraint?: unknown;
  driverError?: unknown;
}

/**
 * Whether `error` is PostgreSQL refusing a duplicate, as pg raises it or as TypeORM wraps it in a
 * QueryFailedError; with `constraint`, only a collision on that index counts.
 */
export function isUniqueViolation(error: unknown, constraint?: string): boolean {
  const fields = pgFields(error);
  return (
    fields?.code === UNIQUE_VIOLATION &&
    (constraint === undefined || fields.constraint === constraint)
  );
}

function pgFields(error: unknown): PgErrorFields | undefined {
  if (typeof error !== 'object' || error === null) {
    return undefined;
  }
  const { driverError } = error as PgErrorFields;
  return typeof driverError === 'object' && driverError !== null ? driverError : error;
}
