import type { ServerResponse } from 'node:http';
import type { INestApplication } from '@nestjs/common';
import { DocumentBuilder, SwaggerModule, type OpenAPIObject } from '@nestjs/swagger';
import { ErrorEnvelopeDto, FieldProblemDto } from '../filters/error-envelope';
import { PACKAGE } from '../package-info';
import { applyConventions, METHODS } from './openapi-conventions';

export const API_KEY_SCHEME = 'soku-api-key';
export const ID_TOKEN_SCHEME = 'id-token';
export const METRICS_TOKEN_SCHEME = 'metrics-token';
/**
 * Operation extensions named with this prefix (set with `ApiExtension`) are paragraphs appended
 * to the operation's description, whatever the decorator order; e.g. @Idempotent() documents
 * its semantics this way.
 */
export const DOC_APPENDIX_PREFIX = 'x-soku-doc-';

const DESCRIPTION = `Publish to X, Instagram, Facebook Pages, Threads, TikTok, YouTube, LinkedIn and Snapchat with one call.

## Authentication
Send your API key in the \`soku-api-key\` header (scheme \`soku-api-key\`). Key management (\`/v1/api-keys\`) takes an ID token instead: \`Authorization: Bearer <ID token>\` (scheme \`id-token\`). Public API endpoints also need an active or trialing subscription (403 \`forbidden\` otherwise).

## Requests and responses
Bodies must be \`application/json\` and at most 1 MB (POST /v1/posts/bulk also takes \`text/csv\`, up to 5 MB). Every response, errors included, carries \`X-Request-ID\` (yours, echoed, or a new UUID), the \`X-RateLimit-Limit\`, \`X-RateLimit-Remaining\`, \`X-RateLimit-Reset\` and \`X-RateLimit-Tier\` headers, and the security headers \`X-Content-Type-Options: nosniff\`, \`X-Frame-Options: DENY\`, \`Referrer-Policy: strict-origin-when-cross-origin\`, \`X-DNS-Prefetch-Control: off\` and \`Strict-Transport-Security: max-age=63072000; includeSubDomains\`.

## Errors
Every error is the envelope \`{ "error": { type, code, message, timestamp, requestId, details? } }\`; \`type\` is \`invalid_request_error\` (4xx), \`authentication_error\` (401/403) or \`api_error\` (5xx), and \`code\` is stable.

## Rate limits
By default, a global limit per tier (default 25/min + 10 burst, authenticated 60 + 30, premium 100 + 100, admin 200 + 500) and endpoint limits (POST /v1/posts and /v1/media 30/min, POST /v1/ai/transcribe 10/min, POST /v1/templates and /v1/media/render-og 20/min, POST /v1/posts/bulk 1000 rows/min: each row costs one). A 429 carries \`Retry-After\` in seconds.

## Idempotency
Creating endpoints accept an \`Idempotency-Key\` header; without one the key is derived from your user id and the body, so identical requests deduplicate. A replay returns the original answer with \`Idempotent-Replayed: true\`; the same key with another body is 409 \`idempotency_conflict\`.`;

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
    .addBearerAuth(
      {
        type: 'http',
        scheme: 'bearer',
        description: "The operator's `SOKU_METRICS_TOKEN` (Prometheus `authorization` setting).",
      },
      METRICS_TOKEN_SCHEME,
    )
    .build();
  const document = SwaggerModule.createDocument(app, config, {
    extraModels: [ErrorEnvelopeDto, FieldProblemDto],
    operationIdFactory: (controllerKey, methodKey) =>
      `${controllerKey.replace(/Controller$/, '')}_${methodKey}`,
  });
  applyConventions(document);
  appendDocAppendices(document);
  return document;
}

function appendDocAppendices(document: OpenAPIObject): void {
  for (const pathItem of Object.values(document.paths)) {
    for (const method of METHODS) {
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

/**
 * The Swagger UI's pages load only their own scripts, styles and images and call only this
 * origin (the document's server is `/`). Styles may be inline: the page has a `<style>` block
 * and the UI sets style attributes.
 */
export const DOCS_CSP = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  "connect-src 'self'",
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

export function mountOpenApi(app: INestApplication): void {
  const document = buildOpenApiDocument(app);
  app.use('/docs', (_req: unknown, res: ServerResponse, next: () => void) => {
    res.setHeader('Content-Security-Policy', DOCS_CSP);
    next();
  });
  SwaggerModule.setup('docs', app, document, {
    jsonDocumentUrl: 'docs-json',
    customSiteTitle: 'Soku API',
  });
}
