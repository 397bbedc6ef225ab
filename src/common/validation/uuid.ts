/**
 * A hyphenated UUID of any version, the form PostgreSQL's `uuid` columns hold. Ids are checked
 * before a lookup so a malformed one is a 404 or a 400, not a database cast error.
 */
export const UUID_PATTERN = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function isUuid(value: string): boolean {
  return UUID_PATTERN.test(value);
}
