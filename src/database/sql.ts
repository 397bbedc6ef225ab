import type { DataSource, EntityManager } from 'typeorm';

/**
 * Runs SQL and returns its rows. TypeORM's `query` answers `[rows, rowCount]` for UPDATE and
 * DELETE on PostgreSQL but plain rows otherwise; callers with RETURNING clauses need the rows.
 */
export async function sqlRows<T = Record<string, unknown>>(
  db: DataSource | EntityManager,
  text: string,
  params: unknown[] = [],
): Promise<T[]> {
  const result: unknown = await db.query(text, params);
  if (
    Array.isArray(result) &&
    result.length === 2 &&
    Array.isArray(result[0]) &&
    typeof result[1] === 'number'
  ) {
    return result[0] as T[];
  }
  return result as T[];
}

/**
 * Runs a SELECT of whole rows of `entity`'s table (`SELECT t.* …`) and returns them as entities:
 * for hot paths, where TypeORM's query building costs more than the query.
 */
export async function sqlEntities<T extends object>(
  db: DataSource | EntityManager,
  entity: new () => T,
  text: string,
  params: unknown[] = [],
): Promise<T[]> {
  return toEntities(db, entity, await sqlRows(db, text, params));
}

/** Rows of `entity`'s table as entities: the driver has parsed every column, this renames them. */
export function toEntities<T extends object>(
  db: DataSource | EntityManager,
  entity: new () => T,
  rows: Record<string, unknown>[],
): T[] {
  const source = 'manager' in db ? db : db.connection;
  const columns = source.getMetadata(entity).columns;
  return rows.map((row) => {
    const value = new entity() as Record<string, unknown>;
    for (const column of columns) {
      value[column.propertyName] = row[column.databaseName];
    }
    return value as T;
  });
}

/** A statement PostgreSQL parses and plans once per connection, then runs by `name`. */
export interface PreparedStatement {
  name: string;
  text: string;
}

interface PgPool {
  query(config: { name: string; text: string; values: unknown[] }): Promise<{ rows: unknown[] }>;
}

/**
 * Runs `statement` as a pg named (prepared) statement on a pooled connection, outside any
 * transaction: for single-statement hot paths, which skip the planning and TypeORM's wrapping.
 */
export async function preparedRows<T = Record<string, unknown>>(
  db: DataSource,
  statement: PreparedStatement,
  values: unknown[],
): Promise<T[]> {
  const pool = (db.driver as unknown as { master: PgPool }).master;
  const result = await pool.query({ name: statement.name, text: statement.text, values });
  return result.rows as T[];
}

/**
 * A write another module owns, run as a data-modifying CTE of a repository's own statement, so
 * both commit together in one round trip. `sql(first)` numbers its parameters from `$first`;
 * `name` tells prepared statements apart, as the text must be the same for every run.
 */
export interface StatementPart {
  name: string;
  sql(first: number): string;
  params: unknown[];
}
