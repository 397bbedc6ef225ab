import type { INestApplication } from '@nestjs/common';
import { DocumentBuilder, SwaggerModule, type OpenAPIObject } from '@nestjs/swagger';
import { ErrorEnvelopeDto, FieldProblemDto } from '../filters/error-envelope';
import { PACKAGE } from '../package-info';

export const API_KEY_SCHEME = 'soku-api-key';
export const ID_TOKEN_SCHEME = 'id-token';
/**
 * Operation extensions named with this prefix (set with `ApiExtension`) are paragraphs appended
 * to the operation's description, whatever the decorator order; e.g. @Idempotent() documents
 * its semantics this way.
 */
export const DOC_APPENDIX_PREFIX = 'x-soku-doc-';

const DESCRIPTION = `Publish to X, Instagram, Facebook Pages, Threads, TikTok, YouTube, LinkedIn and Snapchat with one call.

Every response carries \`X-Request-ID\` (yours, echoed, or a new UUID), the \`X-RateLimit-*\` headers and the security headers. Every error is the envelope \`{ "error": { type, code, message, timestamp, requestId, details? } }\`. Bodies must be \`application/json\` and at most 1 MB.`;

const COMMON_HEADERS = {
  'X-Request-ID': {
    description: 'Your X-Request-ID echoed, or a generated UUID.',
    schema: { type: 'string' },
  },
  'X-RateLimit-Limit': {
    description: 'Requests the binding limit allows in any minute (limit + burst).',
    schema: { type: 'integer' },
  },
  'X-RateLimit-Remaining': {
    description: 'Requests you can send right now.',
    schema: { type: 'integer' },
  },
  'X-RateLimit-Reset': {
    description: 'When Remaining is back to Limit.',
    schema: { type: 'string', format: 'date-time' },
  },
  'X-RateLimit-Tier': {
    description: 'Your tier.',
    schema: { type: 'string', enum: ['default', 'authenticated', 'premium', 'admin'] },
  },
};

/** Builds the OpenAPI 3 document from the app's routes and decorators. */
export function buildOpenApiDocument(app: INestApplication): OpenAPIObject {
  const config = new DocumentBuilder()
    .setTitle('Soku Public API')
    .setDescription(DESCRIPTION)
    .setVersion(PACKAGE.version)
    .addServer('/', 'This Soku server')
    .addApiKey(
      {
        type: 'apiKey',
        in: 'header',
        name: 'soku-api-key',
        description: 'Your API key, `sk_live_…`.',
      },
      API_KEY_SCHEME,
    )
    .addBearerAuth(
      {
        type: 'http',
        scheme: 'bearer',
        bearerFormat: 'JWT',
        description: 'An ID token (OIDC / Firebase).',
      },
      ID_TOKEN_SCHEME,
    )
    .build();
  const document = SwaggerModule.createDocument(app, config, {
    extraModels: [ErrorEnvelopeDto, FieldProblemDto],
    operationIdFactory: (controllerKey, methodKey) =>
      `${controllerKey.replace(/Controller$/, '')}_${methodKey}`,
  });
  addCommonResponses(document);
  appendDocAppendices(document);
  return document;
}

/**
 * Every operation can be rate limited, meet a dependency outage or fail unexpectedly, and every
 * response has a request id.
 */
function addCommonResponses(document: OpenAPIObject): void {
  const envelope = {
    'application/json': { schema: { $ref: '#/components/schemas/ErrorEnvelopeDto' } },
  };
  for (const pathItem of Object.values(document.paths)) {
    for (const method of ['get', 'post', 'put', 'patch', 'delete'] as const) {
      const operation = pathItem[method];
      if (!operation) {
        continue;
      }
      // Routes without an auth decorator are public; say so rather than leave it undefined.
      operation.security ??= [];
      operation.responses['429'] ??= {
        description: 'Rate limit exceeded (`rate_limit_exceeded`); see `Retry-After`.',
        content: envelope,
      };
      operation.responses['503'] ??= {
        description:
          'A dependency (the database) is unavailable (`service_unavailable`); see `Retry-After`.',
        content: envelope,
      };
      operation.responses['500'] ??= {
        description: 'Unexpected server error (`internal_error`).',
        content: envelope,
      };
      for (const response of Object.values(operation.responses)) {
        if (response && 'description' in response) {
          response.headers = { ...COMMON_HEADERS, ...(response.headers ?? {}) };
        }
      }
    }
  }
}

function appendDocAppendices(document: OpenAPIObject): void {
  for (const pathItem of Object.values(document.paths)) {
    for (const method of ['get', 'post', 'put', 'patch', 'delete'] as const) {
      const operation = pathItem[method] as Record<string, unknown> | undefined;
      if (!operation) {
        continue;
      }
      const appendices = Object.keys(operation)
        .filter((key) => key.startsWith(DOC_APPENDIX_PREFIX))
        .sort();
      const paragraphs = appendices.map((key) => String(operation[key]));
      for (const key of appendices) {
        delete operation[key];
      }
      if (paragraphs.length > 0) {
        const description = operation.description as string | undefined;
        operation.description = [description, ...paragraphs].filter(Boolean).join('\n\n');
      }
    }
  }
}

export function mountOpenApi(app: INestApplication): void {
  const document = buildOpenApiDocument(app);
  SwaggerModule.setup('docs', app, document, {
    jsonDocumentUrl: 'docs-json',
    customSiteTitle: 'Soku API',
  });
}
