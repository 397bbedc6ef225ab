import fc from 'fast-check';
import type { Schema } from './openapi-document';

/**
 * Strings that break naive code: NUL, lone surrogates, bidi overrides, BOM, astral characters,
 * combining marks, CRLF, and the usual injection shapes.
 */
export const EDGE_STRINGS = [
  '\u0000',
  'a\u0000b',
  '\ud800',
  'x\udfffy',
  '\u202e',
  '\ufeff',
  '\ud835\udd4a',
  'e\u0301\u0301\u0301',
  '\r\n',
  '%00',
  "'; DROP TABLE users; --",
  '${jndi:ldap://x}',
  '../../etc/passwd',
  '<script>alert(1)</script>',
  ' ',
];

/** Only reserved or loopback hosts: no generated URL can ever point off this machine. */
const URL_HOSTS = ['fuzz.invalid', 'media.fuzz.test', '127.0.0.1', '[::1]', 'localhost'];

function stringOf(schema: Schema): fc.Arbitrary<string> {
  const min = (schema.minLength as number | undefined) ?? 0;
  const max = Math.min((schema.maxLength as number | undefined) ?? 40, Math.max(min, 40));
  const fits = (s: string) => s.length >= min && s.length <= max;
  switch (schema.format) {
    case 'date-time':
      return fc
        .date({ min: new Date('2000-01-01'), max: new Date('2100-01-01'), noInvalidDate: true })
        .map((d) => d.toISOString());
    case 'uri':
      return fc
        .tuple(fc.constantFrom('https', 'http'), fc.constantFrom(...URL_HOSTS), fc.webSegment())
        .map(([scheme, host, segment]) => `${scheme}://${host}/${segment}`)
        .filter(fits);
    case 'uuid':
      return fc.uuid();
    case 'email':
      return fc.emailAddress().filter(fits);
  }
  if (typeof schema.pattern === 'string') {
    return fc.stringMatching(new RegExp(schema.pattern)).filter(fits);
  }
  return fc.oneof(
    { weight: 6, arbitrary: fc.string({ minLength: min, maxLength: max }) },
    { weight: 2, arbitrary: fc.string({ unit: 'binary', minLength: min, maxLength: max }) },
    { weight: 2, arbitrary: fc.constantFrom(...EDGE_STRINGS).filter(fits) },
  );
}

function numberOf(schema: Schema): fc.Arbitrary<number> {
  const min = schema.minimum as number | undefined;
  const max = schema.maximum as number | undefined;
  if (schema.type === 'integer') {
    return fc.integer({ min: min ?? -1_000_000, max: max ?? 1_000_000 });
  }
  return fc.oneof(
    fc.integer({ min: Math.ceil(min ?? -1_000_000), max: Math.floor(max ?? 1_000_000) }),
    fc.double({ min: min ?? -1e9, max: max ?? 1e9, noNaN: true, noDefaultInfinity: true }),
  );
}

/**
 * Values valid against `schema` (as the document writes it), small and biased to edge cases.
 * `depth` bounds recursion through nested objects and arrays.
 */
export function validValue(
  schema: Schema,
  resolve: (s: Schema) => Schema,
  depth = 0,
): fc.Arbitrary<unknown> {
  const s = resolve(schema);
  const arbitrary = validNonNull(s, resolve, depth);
  return s.nullable === true
    ? fc.oneof({ weight: 4, arbitrary }, { weight: 1, arbitrary: fc.constant(null) })
    : arbitrary;
}

function validNonNull(s: Schema, resolve: (s: Schema) => Schema, depth: number) {
  const branches = (s.oneOf ?? s.anyOf) as Schema[] | undefined;
  if (branches) {
    return fc.oneof(...branches.map((b) => validValue(b, resolve, depth + 1)));
  }
  if (Array.isArray(s.allOf)) {
    const merged = (s.allOf as Schema[]).map(resolve).reduce<Schema>(
      (acc, part) => ({
        ...acc,
        ...part,
        properties: { ...(acc.properties as Schema), ...(part.properties as Schema) },
        required: [...((acc.required as string[]) ?? []), ...((part.required as string[]) ?? [])],
      }),
      {},
    );
    return validValue(merged, resolve, depth);
  }
  if (Array.isArray(s.enum)) {
    return fc.constantFrom(...(s.enum as unknown[]));
  }
  switch (s.type) {
    case 'string':
      return stringOf(s);
    case 'number':
    case 'integer':
      return numberOf(s);
    case 'boolean':
      return fc.boolean();
    case 'array': {
      const minLength = (s.minItems as number | undefined) ?? 0;
      const maxLength = Math.min((s.maxItems as number | undefined) ?? 3, minLength + 3);
      return fc.array(validValue((s.items as Schema) ?? {}, resolve, depth + 1), {
        minLength,
        maxLength: depth > 3 ? minLength : maxLength,
      });
    }
    case 'object':
      return objectOf(s, resolve, depth);
    default:
      return fc.jsonValue({ maxDepth: 2 });
  }
}

function objectOf(s: Schema, resolve: (s: Schema) => Schema, depth: number) {
  const properties = (s.properties as Record<string, Schema> | undefined) ?? {};
  const required = (s.required as string[] | undefined) ?? [];
  if (Object.keys(properties).length === 0) {
    const extra = s.additionalProperties;
    return typeof extra === 'object' && extra !== null
      ? fc.dictionary(
          fc.string({ minLength: 1, maxLength: 8 }),
          validValue(extra as Schema, resolve, depth + 1),
          {
            maxKeys: 3,
          },
        )
      : fc.constant({});
  }
  const model = Object.fromEntries(
    Object.entries(properties).map(([name, sub]) => [name, validValue(sub, resolve, depth + 1)]),
  );
  return fc.record(model, { requiredKeys: required.filter((k) => k in properties) });
}

/** Nested arrays `depth` deep, built without recursion. */
function nested(depth: number): unknown {
  let value: unknown = [];
  for (let i = 0; i < depth; i++) {
    value = [value];
  }
  return value;
}

/** Numbers past every limit, and strings that look like numbers to a lax parser. */
export const NUMERIC_EDGES: unknown[] = [
  -1,
  0,
  -0,
  0.5,
  1e308,
  -1e308,
  2 ** 53 + 1,
  2 ** 31,
  -(2 ** 63),
  5e-324,
  'NaN',
  'Infinity',
  '-Infinity',
  '1e999',
  '0x10',
  ' 1 ',
  '',
  '1,5',
  '١٢',
];

/** A value of the wrong shape for almost any field. */
export const nastyValue: fc.Arbitrary<unknown> = fc.oneof(
  fc.constant(null),
  fc.boolean(),
  fc.constantFrom(...NUMERIC_EDGES),
  fc.constantFrom(...EDGE_STRINGS),
  fc.constantFrom(10, 70_000, 1_100_000).map((n) => 'x'.repeat(n)),
  fc.constantFrom(64, 1_000).map(nested),
  fc.constant(JSON.parse('{"__proto__":{"polluted":"yes"}}') as unknown),
  fc.constant({ constructor: { prototype: { polluted: 'yes' } } }),
  fc.constant([]),
  fc.constant({}),
  fc.jsonValue({ maxDepth: 3 }),
);

/** Keys whose meaning changes when code merges a body into an object. */
export const POLLUTING_KEYS = [
  '__proto__',
  'constructor',
  'prototype',
  'toString',
  'hasOwnProperty',
];
