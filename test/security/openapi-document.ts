import * as fs from 'node:fs';
import * as path from 'node:path';
import Ajv, { type ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';

/** A JSON Schema as the OpenAPI 3.0 document writes it (`nullable`, `example`, `$ref`). */
export type Schema = Record<string, unknown>;

export interface Parameter {
  name: string;
  in: 'path' | 'query' | 'header';
  required?: boolean;
  schema?: Schema;
}

export interface Operation {
  method: string;
  /** The OpenAPI path, e.g. `/v1/posts/{id}`. */
  path: string;
  operationId: string;
  parameters: Parameter[];
  /** The JSON request body's schema, when the operation takes one. */
  body?: { schema: Schema; required: boolean };
  /** 'api-key', another scheme's name ('id-token', …), or undefined for a public operation. */
  security?: string;
  /** Documented statuses → their JSON schema (undefined when the response has no JSON body). */
  responses: Map<number, Schema | undefined>;
  /** This operation's own pointer in the document, for $ref-based validation. */
  pointer: string;
}

export interface OpenApiDocument {
  raw: Schema & { paths: Record<string, Record<string, Schema>> };
  operations: Operation[];
  resolve(schema: Schema): Schema;
  /** Why `value` breaks this request schema (`coerce`: as query strings are read); [] if valid. */
  requestErrors(schema: Schema, value: unknown, coerce?: boolean): string[];
  /** Errors of `value` against the response schema of `status`, or [] when it conforms. */
  responseErrors(operation: Operation, status: number, value: unknown): string[];
}

const COMMITTED = path.resolve(__dirname, '../../openapi.json');
const METHODS = ['get', 'post', 'put', 'patch', 'delete'];
const DOC_ID = 'openapi';

function pointerOf(...segments: string[]): string {
  return `#/${segments.map((s) => s.replace(/~/g, '~0').replace(/\//g, '~1')).join('/')}`;
}

/**
 * Responses are checked strictly: every object the document describes gets
 * `additionalProperties: false` unless it says otherwise, so an undocumented field (drift, or
 * excessive data exposure) fails the check.
 */
function closeObjects(node: unknown, insideCombinator = false): unknown {
  if (Array.isArray(node)) {
    return node.map((item) => closeObjects(item, insideCombinator));
  }
  if (node === null || typeof node !== 'object') {
    return node;
  }
  const schema = node as Schema;
  const out: Schema = {};
  for (const [key, value] of Object.entries(schema)) {
    if (key === 'properties') {
      out[key] = Object.fromEntries(
        Object.entries(value as Schema).map(([name, sub]) => [name, closeObjects(sub)]),
      );
    } else {
      out[key] = closeObjects(value, key === 'allOf' || insideCombinator);
    }
  }
  if (schema.properties !== undefined && !('additionalProperties' in schema) && !insideCombinator) {
    out.additionalProperties = false;
  }
  return out;
}

/**
 * OpenAPI 3.0's `nullable` beside `allOf`/`$ref` (how @nestjs/swagger writes a nullable nested
 * DTO) means "this, or null"; ajv applies it to `type` only, and the `allOf` still refuses null.
 */
function nullableCombinators(node: unknown): unknown {
  if (Array.isArray(node)) {
    return node.map(nullableCombinators);
  }
  if (node === null || typeof node !== 'object') {
    return node;
  }
  const out: Schema = Object.fromEntries(
    Object.entries(node).map(([key, value]) => [key, nullableCombinators(value)]),
  );
  const combined = ['allOf', 'oneOf', 'anyOf', '$ref'].some((key) => key in out);
  if (out.nullable === true && (out.type === undefined || combined)) {
    const rest = Object.fromEntries(Object.entries(out).filter(([key]) => key !== 'nullable'));
    return { anyOf: [{ type: 'null' }, rest] };
  }
  return out;
}

/** `#/components/...` inside a schema lifted out of the document points back into it. */
function anchorRefs(node: unknown): unknown {
  if (Array.isArray(node)) {
    return node.map(anchorRefs);
  }
  if (node === null || typeof node !== 'object') {
    return node;
  }
  return Object.fromEntries(
    Object.entries(node).map(([key, value]) => [
      key,
      key === '$ref' && typeof value === 'string' && value.startsWith('#')
        ? `${DOC_ID}${value}`
        : anchorRefs(value),
    ]),
  );
}

function newAjv(coerce: boolean): Ajv {
  const ajv = new Ajv({
    strict: false,
    allErrors: false,
    coerceTypes: coerce ? 'array' : false,
    validateFormats: true,
  });
  addFormats(ajv);
  return ajv;
}

function describe(validate: ValidateFunction): string[] {
  return (validate.errors ?? []).map((e) => `${e.instancePath || '/'} ${e.message ?? ''}`);
}

export function loadOpenApi(file = COMMITTED): OpenApiDocument {
  const raw = JSON.parse(fs.readFileSync(file, 'utf8')) as OpenApiDocument['raw'];
  const normalized = nullableCombinators(raw) as Schema;
  const strictResponses = closeObjects(normalized) as Schema;
  const requestAjv = newAjv(false);
  const queryAjv = newAjv(true);
  const responseAjv = newAjv(false);
  requestAjv.addSchema({ ...normalized, $id: DOC_ID });
  queryAjv.addSchema({ ...normalized, $id: DOC_ID });
  responseAjv.addSchema({ ...strictResponses, $id: DOC_ID });
  const cache = new Map<string, ValidateFunction>();
  const responseValidator = (pointer: string): ValidateFunction => {
    let validate = cache.get(pointer);
    if (!validate) {
      validate = responseAjv.compile({ $ref: `${DOC_ID}${pointer}` });
      cache.set(pointer, validate);
    }
    return validate;
  };

  const resolve = (schema: Schema): Schema => {
    let current = schema;
    while (typeof current.$ref === 'string') {
      const segments = current.$ref.replace(/^#\//, '').split('/');
      current = segments.reduce<Schema>(
        (node, segment) => node[segment.replace(/~1/g, '/').replace(/~0/g, '~')] as Schema,
        raw,
      );
    }
    return current;
  };

  const operations: Operation[] = [];
  for (const [route, item] of Object.entries(raw.paths)) {
    for (const method of METHODS) {
      const op = item[method] as Schema | undefined;
      if (!op) {
        continue;
      }
      const security = (op.security as Record<string, unknown>[] | undefined) ?? [];
      const schemes = security.flatMap((entry) => Object.keys(entry));
      const requestBody = op.requestBody as
        { required?: boolean; content?: Record<string, { schema: Schema }> } | undefined;
      const jsonBody = requestBody?.content?.['application/json'];
      const responses = new Map<number, Schema | undefined>();
      for (const [status, response] of Object.entries(op.responses as Record<string, Schema>)) {
        const content = response.content as Record<string, { schema?: Schema }> | undefined;
        responses.set(Number(status), content?.['application/json']?.schema);
      }
      operations.push({
        method: method.toUpperCase(),
        path: route,
        operationId: String(op.operationId),
        parameters: ((op.parameters as Parameter[] | undefined) ?? []).map((p) => p),
        body: jsonBody
          ? { schema: jsonBody.schema, required: requestBody?.required ?? false }
          : undefined,
        security: schemes.includes('soku-api-key') ? 'api-key' : schemes[0],
        responses,
        pointer: pointerOf('paths', route, method),
      });
    }
  }

  return {
    raw,
    operations,
    resolve,
    requestErrors(schema, value, coerce = false) {
      const key = `${coerce ? 'q' : 'b'}${JSON.stringify(schema)}`;
      let validate = cache.get(key);
      if (!validate) {
        validate = (coerce ? queryAjv : requestAjv).compile(anchorRefs(schema) as Schema);
        cache.set(key, validate);
      }
      return validate(value) ? [] : describe(validate);
    },
    responseErrors(operation, status, value) {
      const pointer = `${operation.pointer}/responses/${status}/content/application~1json/schema`;
      const validate = responseValidator(pointer);
      return validate(value) ? [] : describe(validate);
    },
  };
}
