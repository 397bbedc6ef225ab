import fc from 'fast-check';
import type { OpenApiDocument, Operation, Parameter, Schema } from './openapi-document';
import {
  EDGE_STRINGS,
  nastyValue,
  NUMERIC_EDGES,
  POLLUTING_KEYS,
  validValue,
} from './schema-arbitraries';

/** What the fuzzer knows about the caller: its credentials and ids of things it owns. */
export interface FuzzContext {
  apiKey: string;
  idToken: string;
  /** Path parameter name → ids worth trying (real ones reach the handlers' happy paths). */
  knownIds: Record<string, string[]>;
  /** `Soku-Profile` values: the caller's live profiles, and ones that must be refused. */
  profiles: { live: string[]; refused: string[] };
}

export type Mutation =
  | 'none'
  | 'body'
  | 'missing-required'
  | 'unknown-key'
  | 'non-object-body'
  | 'path'
  | 'query'
  | 'content-type'
  | 'malformed-json'
  | 'deep-nesting'
  | 'oversize'
  | 'idempotency-key'
  | 'profile'
  | 'auth';

export interface FuzzRequest {
  mutation: Mutation;
  method: string;
  url: string;
  headers: Record<string, string>;
  body?: string;
  /** The request breaks the documented schema: it must not be accepted. */
  invalid: boolean;
  /** How it breaks it, for the report. */
  why: string[];
  /** The credentials are missing or wrong: a secured operation must answer 401. */
  badAuth: boolean;
}

/** Segments a path parameter can carry that a router or decoder may choke on. */
const RAW_SEGMENTS = [
  '------------------------------------',
  'ffffffff-ffff-ffff-ffff-fffffffffffg',
  '00000000-0000-0000-0000-000000000000',
  'FFFFFFFF-FFFF-4FFF-8FFF-FFFFFFFFFFFF',
  '%',
  '%E0%A4%A',
  '%00',
  '..',
  '.',
  '%2F',
  ';',
  '%F0%9F',
  'x'.repeat(4000),
];

const BAD_IDEMPOTENCY_KEYS = ['', 'x'.repeat(256), '\u00e9t\u00e9', 'tab\there'];

/** `Soku-Profile` values that name no profile at all (an empty header means the default). */
const MALFORMED_PROFILES = [
  'acme',
  'ffffffff-ffff-ffff-ffff-fffffffffffg',
  '{00000000-0000-0000-0000-000000000000}',
  "' OR 1=1 --",
  '%00',
  'x'.repeat(4000),
];

/** A `Soku-Profile` header to send, and whether the request must then be refused. */
function profileHeaders(ctx: FuzzContext): { value: string; refused: boolean }[] {
  return [
    ...['', ...ctx.profiles.live, ...ctx.profiles.live.map((id) => id.toUpperCase())].map(
      (value) => ({ value, refused: false }),
    ),
    ...[...ctx.profiles.refused, ...MALFORMED_PROFILES].map((value) => ({ value, refused: true })),
  ];
}

/** Operations that document the `Soku-Profile` header. */
function takesProfile(op: Operation): boolean {
  return op.parameters.some((p) => p.in === 'header' && /^soku-profile$/i.test(p.name));
}

/** Header sets that look like credentials and are not. Each is tried on every operation. */
function badCredentials(ctx: FuzzContext): Record<string, string>[] {
  return [
    {},
    { 'soku-api-key': '' },
    { 'soku-api-key': 'sk_live_' },
    { 'soku-api-key': `${ctx.apiKey}x` },
    { 'soku-api-key': ctx.apiKey.slice(0, -1) },
    { 'soku-api-key': ctx.apiKey.toUpperCase() },
    { 'soku-api-key': `Bearer ${ctx.apiKey}` },
    { 'soku-api-key': ctx.idToken },
    { 'soku-api-key': 'x'.repeat(8000) },
    { authorization: `Bearer ${ctx.apiKey}` },
    { authorization: 'Bearer' },
    { authorization: 'Bearer ' },
    { authorization: 'Bearer a.b.c' },
    { authorization: `Basic ${Buffer.from('a:b').toString('base64')}` },
    { authorization: `bearer ${ctx.idToken}x` },
    { authorization: `Bearer ${ctx.idToken.split('.').slice(0, 2).join('.')}.` },
  ];
}

function goodCredentials(op: Operation, ctx: FuzzContext): Record<string, string> {
  if (op.security === 'api-key') {
    return { 'soku-api-key': ctx.apiKey };
  }
  if (op.security === 'id-token') {
    return { authorization: `Bearer ${ctx.idToken}` };
  }
  return {};
}

function encodeSegment(value: unknown): string {
  const text = typeof value === 'string' ? value : JSON.stringify(value);
  try {
    return encodeURIComponent(text);
  } catch {
    // A lone surrogate cannot be percent-encoded as UTF-8: send its replacement's bytes raw.
    return encodeURIComponent(text.replace(/[\ud800-\udfff]/g, '\ufffd'));
  }
}

/** What the server reads: a string, or strings for a repeated key. */
function asQueryText(value: unknown): string | string[] {
  if (Array.isArray(value)) {
    return value.map((item) => String(asQueryText(item)));
  }
  return typeof value === 'string' ? value : JSON.stringify(value);
}

interface Parts {
  path: Record<string, string>;
  query: Record<string, unknown>;
  body: unknown;
  idempotencyKey?: string;
}

function paramArbitrary(p: Parameter, doc: OpenApiDocument, ctx: FuzzContext) {
  const fromSchema = validValue(p.schema ?? { type: 'string' }, doc.resolve);
  const known = ctx.knownIds[p.name] ?? [];
  return known.length > 0
    ? fc.oneof(
        { weight: 3, arbitrary: fc.constantFrom(...known) },
        { weight: 1, arbitrary: fromSchema },
      )
    : fromSchema;
}

function partsArbitrary(
  op: Operation,
  doc: OpenApiDocument,
  ctx: FuzzContext,
): fc.Arbitrary<Parts> {
  const pathParams = op.parameters.filter((p) => p.in === 'path');
  const queryParams = op.parameters.filter((p) => p.in === 'query');
  const hasIdempotency = op.parameters.some(
    (p) => p.in === 'header' && /^idempotency-key$/i.test(p.name),
  );
  return fc.record({
    path: fc.record(
      Object.fromEntries(
        pathParams.map((p) => [
          p.name,
          // An empty segment is another route: the operation would not be reached.
          paramArbitrary(p, doc, ctx)
            .map(String)
            .filter((v) => v !== ''),
        ]),
      ),
    ),
    query: fc.record(
      Object.fromEntries(queryParams.map((p) => [p.name, paramArbitrary(p, doc, ctx)])),
      { requiredKeys: queryParams.filter((p) => p.required).map((p) => p.name) },
    ),
    body: op.body ? validValue(op.body.schema, doc.resolve) : fc.constant(undefined),
    idempotencyKey: hasIdempotency
      ? fc.option(fc.stringMatching(/^[\x21-\x7e]{1,64}$/), { nil: undefined })
      : fc.constant(undefined),
  });
}

/** Every JSON path inside `value`, the root included. */
function pathsOf(value: unknown, prefix: (string | number)[] = []): (string | number)[][] {
  const paths = [prefix];
  if (Array.isArray(value)) {
    value.forEach((item, i) => paths.push(...pathsOf(item, [...prefix, i])));
  } else if (value !== null && typeof value === 'object') {
    for (const [key, item] of Object.entries(value)) {
      paths.push(...pathsOf(item, [...prefix, key]));
    }
  }
  return paths;
}

function replaceAt(value: unknown, path: (string | number)[], replacement: unknown): unknown {
  if (path.length === 0) {
    return replacement;
  }
  const [head, ...rest] = path;
  const copy = (Array.isArray(value) ? [...value] : { ...(value as object) }) as Record<
    string | number,
    unknown
  >;
  copy[head] = replaceAt(copy[head], rest, replacement);
  return copy;
}

function withoutRequired(body: unknown, schema: Schema, doc: OpenApiDocument): unknown {
  const required = (doc.resolve(schema).required as string[] | undefined) ?? [];
  if (required.length === 0 || body === null || typeof body !== 'object') {
    return body;
  }
  const copy = { ...(body as Record<string, unknown>) };
  delete copy[required[0]];
  return copy;
}

function withKey(body: unknown, key: string, value: unknown): unknown {
  if (body === null || typeof body !== 'object' || Array.isArray(body)) {
    return body;
  }
  // JSON.parse keeps `__proto__` as an own key, as a hostile client's JSON would.
  const extra = JSON.parse(`{${JSON.stringify(key)}:${JSON.stringify(value) ?? 'null'}}`) as object;
  return { ...body, ...extra };
}

/** Cheap mutations often; the 1 MB and 200 kB bodies now and then. */
function mutationsFor(op: Operation): fc.Arbitrary<Mutation> {
  const hasPath = op.parameters.some((p) => p.in === 'path');
  const hasQuery = op.parameters.some((p) => p.in === 'query');
  const hasIdempotency = op.parameters.some(
    (p) => p.in === 'header' && /^idempotency-key$/i.test(p.name),
  );
  const weighted: [Mutation, number, boolean][] = [
    ['none', 24, true],
    ['path', 6, hasPath],
    ['query', 6, hasQuery],
    ['oversize', 1, true],
    ['body', 24, !!op.body],
    ['missing-required', 6, !!op.body],
    ['unknown-key', 6, !!op.body],
    ['non-object-body', 3, !!op.body],
    ['content-type', 3, !!op.body],
    ['malformed-json', 3, !!op.body],
    ['deep-nesting', 2, !!op.body],
    ['auth', 12, !!op.security],
    ['idempotency-key', 3, hasIdempotency],
    ['profile', 6, takesProfile(op)],
  ];
  return fc.oneof(
    ...weighted
      .filter(([, , applies]) => applies)
      .map(([mutation, weight]) => ({ weight, arbitrary: fc.constant(mutation) })),
  );
}

const clip = (text: string) =>
  text.length > 200 ? `${text.slice(0, 200)}…(${text.length})` : text;

/** fast-check prints counterexamples with this: short enough to read, enough to replay by hand. */
function describable(req: FuzzRequest): FuzzRequest {
  return Object.assign(req, {
    [fc.toStringMethod]: () =>
      `${req.method} ${clip(req.url)} [${req.mutation}] headers=${clip(JSON.stringify(req.headers))}` +
      (req.body === undefined ? '' : ` body=${clip(JSON.stringify(req.body))}`),
  });
}

/** Requests for one operation: valid ones and, as often, one thing broken at a time. */
export function requestArbitrary(
  op: Operation,
  doc: OpenApiDocument,
  ctx: FuzzContext,
): fc.Arbitrary<FuzzRequest> {
  const queryParams = op.parameters.filter((p) => p.in === 'query');
  const querySchema: Schema = {
    type: 'object',
    properties: Object.fromEntries(queryParams.map((p) => [p.name, p.schema ?? {}])),
    required: queryParams.filter((p) => p.required).map((p) => p.name),
  };
  return fc
    .tuple(
      partsArbitrary(op, doc, ctx),
      mutationsFor(op),
      nastyValue,
      fc.nat(),
      fc.constantFrom(...RAW_SEGMENTS, ...EDGE_STRINGS.map(encodeSegment)),
      fc.constantFrom(...NUMERIC_EDGES, ['1', '2'], { a: '1' }),
      fc.constantFrom(...POLLUTING_KEYS, 'userId', 'status', 'id', 'createdAt', 'unknownField'),
      fc.constantFrom(...badCredentials(ctx)),
      fc.constantFrom(...BAD_IDEMPOTENCY_KEYS),
      fc.constantFrom(...profileHeaders(ctx)),
      fc.constantFrom(
        'text/plain',
        'application/x-www-form-urlencoded',
        'application/jsonx',
        'multipart/form-data; boundary=x',
        'application/json; charset=utf-7',
      ),
      fc.constantFrom(
        '{',
        '{"a":',
        "{'a':1}",
        'undefined',
        '\u0000',
        '{"a":1}}',
        '[1,]',
        'nul',
        '"\\ud800"x',
      ),
    )
    .map(
      ([
        parts,
        mutation,
        nasty,
        pick,
        rawSegment,
        queryEdge,
        key,
        badAuth,
        badIdem,
        profile,
        badType,
        badJson,
      ]) => {
        const pathValues: Record<string, string> = Object.fromEntries(
          Object.entries(parts.path).map(([k, v]) => [k, encodeSegment(v)]),
        );
        let query: Record<string, unknown> = { ...parts.query };
        let body = parts.body;
        let rawBody: string | undefined;
        let invalid = false;
        let headers: Record<string, string> = goodCredentials(op, ctx);
        let contentType = 'application/json';
        let idempotencyKey = parts.idempotencyKey;
        const why: string[] = [];

        switch (mutation) {
          case 'body': {
            const paths = pathsOf(body);
            body = replaceAt(body, paths[pick % paths.length], nasty);
            break;
          }
          case 'missing-required':
            body = withoutRequired(body, op.body!.schema, doc);
            break;
          case 'unknown-key':
            body = withKey(body, key, nasty);
            break;
          case 'non-object-body':
            body = nasty;
            break;
          case 'path': {
            const names = Object.keys(pathValues);
            pathValues[names[pick % names.length]] = rawSegment;
            break;
          }
          case 'query': {
            const name = queryParams[pick % queryParams.length].name;
            query = { ...query, [name]: queryEdge };
            break;
          }
          case 'content-type':
            contentType = badType;
            break;
          case 'malformed-json':
            rawBody = badJson;
            invalid = true;
            break;
          case 'deep-nesting': {
            // Far deeper than any recursive parser, transformer or validator can follow.
            const depth = 100_000;
            const field = Object.keys((body as object | null) ?? {})[0] ?? 'field';
            rawBody = `{${JSON.stringify(field)}:${'['.repeat(depth)}${']'.repeat(depth)}}`;
            invalid = true;
            break;
          }
          case 'oversize':
            rawBody = JSON.stringify({ filler: 'x'.repeat(1024 * 1024) });
            invalid = true;
            break;
          case 'idempotency-key':
            idempotencyKey = badIdem;
            invalid = true;
            break;
          case 'profile':
            headers['soku-profile'] = profile.value;
            invalid = profile.refused;
            break;
          case 'auth':
            headers = { ...badAuth };
            break;
          case 'none':
            break;
        }
        if (op.body && body !== undefined && rawBody === undefined) {
          rawBody = JSON.stringify(body);
          why.push(...doc.requestErrors(op.body.schema, JSON.parse(rawBody)));
        }
        if (rawBody !== undefined) {
          headers['content-type'] = contentType;
          invalid ||= contentType !== 'application/json';
        }
        if (idempotencyKey !== undefined) {
          headers['idempotency-key'] = idempotencyKey;
        }
        const stringQuery = Object.fromEntries(
          Object.entries(query).map(([k, v]) => [k, asQueryText(v)]),
        );
        if (queryParams.length > 0) {
          why.push(...doc.requestErrors(querySchema, stringQuery, true));
        }
        invalid ||= why.length > 0;
        const search = Object.entries(query)
          .flatMap(([k, v]) => [asQueryText(v)].flat().map((item) => `${k}=${encodeSegment(item)}`))
          .join('&');
        const url =
          op.path.replace(/\{([^}]+)\}/g, (_, name: string) => pathValues[name]) +
          (search ? `?${search}` : '');
        return describable({
          mutation,
          method: op.method,
          url,
          headers,
          body: rawBody,
          invalid,
          why,
          badAuth: mutation === 'auth',
        });
      },
    );
}
