import type { OpenAPIObject } from '@nestjs/swagger';
import { ERROR_DESCRIPTIONS } from './api-error-responses.decorator';
import { errorExample } from './error-examples';

// @nestjs/swagger exports only the document type; its parts are derived from it.
type OperationObject = NonNullable<OpenAPIObject['paths'][string]['get']>;
type ResponseObject = Extract<OperationObject['responses'][string], { description: string }>;
type ReferenceObject = { $ref: string };
type HeaderObject = Exclude<NonNullable<ResponseObject['headers']>[string], ReferenceObject>;
type ParameterObject = Exclude<NonNullable<OperationObject['parameters']>[number], ReferenceObject>;

export const METHODS = ['get', 'post', 'put', 'patch', 'delete'] as const;

/** Response headers every answer carries (the security headers are in the API description). */
const COMMON_HEADERS: Record<string, HeaderObject> = {
  'X-Request-ID': {
    description: 'Your X-Request-ID echoed, or a generated UUID.',
    schema: { type: 'string', example: 'abb6930d-2b57-4d44-9d63-19d5a9c8d077' },
  },
  'X-RateLimit-Limit': {
    description: 'Requests the binding limit allows in any minute (limit + burst).',
    schema: { type: 'integer', example: 100 },
  },
  'X-RateLimit-Remaining': {
    description: 'Requests you can send right now.',
    schema: { type: 'integer', example: 87 },
  },
  'X-RateLimit-Reset': {
    description: 'When Remaining is back to Limit (ISO 8601).',
    schema: { type: 'string', format: 'date-time', example: '2025-08-29T00:03:00.000Z' },
  },
  'X-RateLimit-Tier': {
    description: 'Your tier.',
    schema: {
      type: 'string',
      enum: ['default', 'authenticated', 'premium', 'admin'],
      example: 'premium',
    },
  },
};

const IDEMPOTENCY_HEADERS: Record<string, HeaderObject> = {
  'Idempotency-Key': {
    description: 'The idempotency key used: yours, or the one derived from the request.',
    schema: { type: 'string', example: 'unique-request-id-123' },
  },
};

const REPLAY_HEADERS: Record<string, HeaderObject> = {
  'Idempotent-Replayed': {
    description: '`true` when this is the stored answer to an earlier request with the same key.',
    schema: { type: 'string', enum: ['true'] },
  },
};

const RETRY_HEADERS: Record<string, HeaderObject> = {
  'Retry-After': {
    description: 'Seconds to wait before retrying.',
    schema: { type: 'integer', example: 30 },
  },
};

const REQUEST_ID_PARAMETER: ParameterObject = {
  name: 'X-Request-ID',
  in: 'header',
  required: false,
  description:
    'Your own request id (1–128 visible ASCII characters) for tracing; echoed in the response and in errors. Soku generates a UUID without one.',
  schema: { type: 'string', maxLength: 128, example: 'my-debug-123' },
};

const ENVELOPE_REF = '#/components/schemas/ErrorEnvelopeDto';

/**
 * Errors any request can meet (the HTTP pipeline reads every request's body before routing),
 * and the 400 of a body or of a path parameter that is not valid percent-encoding.
 */
const ALWAYS_ERRORS = [413, 415, 429, 500, 503];
const INPUT_ERRORS = [400];

/**
 * Applies what is true of every operation, so no controller has to repeat it: the X-Request-ID
 * request header; the response headers (as `components.headers` references); the errors any
 * body or any request can meet; and an example envelope on every error response.
 */
export function applyConventions(document: OpenAPIObject): void {
  const components = (document.components ??= {});
  components.headers = {
    ...COMMON_HEADERS,
    ...IDEMPOTENCY_HEADERS,
    ...REPLAY_HEADERS,
    ...RETRY_HEADERS,
  };
  components.parameters = { 'X-Request-ID': REQUEST_ID_PARAMETER };
  for (const pathItem of Object.values(document.paths)) {
    for (const method of METHODS) {
      const operation = pathItem[method];
      if (operation) {
        applyToOperation(operation);
      }
    }
  }
}

function applyToOperation(operation: OperationObject): void {
  // Routes without an auth decorator are public; say so rather than leave it undefined.
  operation.security ??= [];
  const idToken = operation.security.some((requirement) => 'id-token' in requirement);
  const parameters = operation.parameters ?? [];
  const idempotent = parameters.some(
    (parameter) => 'name' in parameter && parameter.name === 'Idempotency-Key',
  );
  operation.parameters = [...parameters, { $ref: '#/components/parameters/X-Request-ID' }];

  const takesInput =
    operation.requestBody !== undefined ||
    parameters.some((parameter) => 'in' in parameter && parameter.in === 'path');
  for (const status of [...ALWAYS_ERRORS, ...(takesInput ? INPUT_ERRORS : [])]) {
    operation.responses[status] ??= {
      description: ERROR_DESCRIPTIONS[status],
      content: { 'application/json': { schema: { $ref: ENVELOPE_REF } } },
    };
  }

  for (const [status, response] of Object.entries(operation.responses)) {
    if (!response || !('description' in response)) {
      continue;
    }
    const code = Number(status);
    response.headers = headerRefs(code, idempotent, response.headers);
    if (code >= 400) {
      addErrorExample(response, errorExample(code, { idToken, idempotent }));
    }
  }
}

function headerRefs(
  status: number,
  idempotent: boolean,
  own: Record<string, HeaderObject | ReferenceObject> = {},
): Record<string, HeaderObject | ReferenceObject> {
  const names = [
    ...Object.keys(COMMON_HEADERS),
    ...(idempotent ? Object.keys(IDEMPOTENCY_HEADERS) : []),
    ...(idempotent && status < 300 ? Object.keys(REPLAY_HEADERS) : []),
    ...(status === 429 || status === 503 || (status === 409 && idempotent)
      ? Object.keys(RETRY_HEADERS)
      : []),
  ];
  const refs = Object.fromEntries(
    names.map((name) => [name, { $ref: `#/components/headers/${name}` }]),
  );
  return { ...refs, ...own };
}

function addErrorExample(response: ResponseObject, example: unknown): void {
  const media = response.content?.['application/json'];
  if (example !== undefined && media && media.example === undefined && !media.examples) {
    media.example = example;
  }
}
