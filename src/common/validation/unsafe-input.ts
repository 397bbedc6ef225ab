import type { FieldProblem } from '../errors';

/** Keys that reach an object's prototype or constructor when a value is copied key by key. */
const POLLUTING_KEYS = new Set(['__proto__', 'constructor', 'prototype']);
/** Far deeper than any DTO of the API; far shallower than a stack overflow. */
const MAX_DEPTH = 32;
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

function stringProblem(text: string): string | undefined {
  if (text.includes('\u0000')) {
    return 'NUL characters are not allowed';
  }
  return LONE_SURROGATE.test(text) ? 'Not valid Unicode text: a lone surrogate' : undefined;
}

/**
 * Input no handler can use safely, refused before any of them sees it:
 * - `__proto__`, `constructor`, `prototype` keys: class-transformer copies a nested object by
 *   calling its `constructor` and assigns every key, so they crashed it (500) or swapped the
 *   prototype of the DTO it built. No field of the API has those names.
 * - NUL characters: PostgreSQL cannot store them in text, so a NUL in an id or a field was a 500.
 * - Lone UTF-16 surrogates (`"\udfff"` in JSON): not text in any encoding; PostgreSQL refuses
 *   them in jsonb (a 500) and no platform would publish them.
 * - Nesting deeper than any DTO: class-transformer and class-validator recurse, and a body of
 *   100,000 nested arrays overflowed the stack (500).
 * The walk itself uses a stack of its own, so no depth can overflow it.
 */
export function unsafeInputProblems(value: unknown, location: string): FieldProblem[] {
  const pending: [unknown, string, number][] = [[value, location, 0]];
  while (pending.length > 0) {
    const [node, path, depth] = pending.pop()!;
    const problem = typeof node === 'string' ? stringProblem(node) : undefined;
    if (problem !== undefined) {
      return [{ field: path, message: problem, code: 'invalid_string' }];
    }
    if (node === null || typeof node !== 'object') {
      continue;
    }
    if (depth >= MAX_DEPTH) {
      return [
        {
          field: path,
          message: `Nested deeper than ${MAX_DEPTH} levels`,
          code: 'too_big',
        },
      ];
    }
    for (const [key, child] of Object.entries(node)) {
      const field = `${path}.${key}`;
      if (!Array.isArray(node) && (POLLUTING_KEYS.has(key) || stringProblem(key) !== undefined)) {
        return [{ field, message: `Unrecognized field ${field}`, code: 'unrecognized_keys' }];
      }
      pending.push([child, field, depth + 1]);
    }
  }
  return [];
}
