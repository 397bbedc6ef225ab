import { applyDecorators, UseInterceptors } from '@nestjs/common';
import { ApiExtension, ApiHeader } from '@nestjs/swagger';
import { ApiErrorResponses } from '../../common/openapi/api-error-responses.decorator';
import { DOC_APPENDIX_PREFIX } from '../../common/openapi/openapi';
import { IdempotencyInterceptor } from './idempotency.interceptor';

export const IDEMPOTENCY_DOC = `**Idempotent.** Send an \`Idempotency-Key\` header (1–255 printable ASCII characters, e.g. a UUID) to retry safely; without one, the key is derived from your user id, this endpoint and a hash of the canonical JSON body, so identical requests deduplicate. Keys are scoped to you, the profile the request acts in (\`Soku-Profile\`) and this endpoint, and kept 24 hours (configurable): the same key in another profile is another request. A replay with the same key and body returns the original status and body, byte for byte, with \`Idempotent-Replayed: true\`, and does no work again. The same key with a different body is a 409 \`idempotency_conflict\`; so is a replay while the first request is still in progress (with \`Retry-After: 1\`). Validation failures and server errors are not stored, so a retry can succeed; other errors are replayed only under an explicit key (without one, fix the cause and send the same request again), byte for byte as well: the replayed error's \`timestamp\` and \`requestId\` are those of the first answer, while the \`X-Request-ID\` header is the replaying request's. Every response carries the \`Idempotency-Key\` used.`;

/**
 * Makes an API-key POST handler idempotent (see IDEMPOTENCY_DOC) and documents it. Put it on
 * handlers that create something; never on one whose response holds a secret to show once.
 */
export function Idempotent(): MethodDecorator {
  return applyDecorators(
    UseInterceptors(IdempotencyInterceptor),
    ApiHeader({
      name: 'Idempotency-Key',
      required: false,
      description: 'Makes retries safe; see the endpoint description.',
      schema: { type: 'string', minLength: 1, maxLength: 255 },
    }),
    ApiErrorResponses(409),
    ApiExtension(`${DOC_APPENDIX_PREFIX}idempotency`, IDEMPOTENCY_DOC),
  );
}
