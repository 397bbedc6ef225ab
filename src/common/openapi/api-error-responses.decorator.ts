import { applyDecorators } from '@nestjs/common';
import { ApiExtraModels, ApiResponse, getSchemaPath } from '@nestjs/swagger';
import { ErrorEnvelopeDto, FieldProblemDto } from '../filters/error-envelope';

/** What each error status means, in the words of the v1 codes. */
export const ERROR_DESCRIPTIONS: Record<number, string> = {
  400: 'Invalid request: `validation_error` lists every problem in `details`.',
  401: 'Missing, invalid or revoked credentials (`unauthorized`).',
  402: 'Not enough AI credits (`insufficient_credits`).',
  403: 'No allowed subscription (`forbidden`), or an API key bound to another profile than `Soku-Profile` names (`profile_forbidden`).',
  404: 'Not found, or not yours (`not_found`); `Soku-Profile` naming no profile of yours (`profile_not_found`).',
  409: 'Conflict, e.g. `idempotency_conflict`.',
  413: 'Body larger than 1 MB (`payload_too_large`).',
  415: 'Body is not `application/json` (`unsupported_media_type`).',
  429: 'Rate limit exceeded (`rate_limit_exceeded`); see `Retry-After`.',
  500: 'Unexpected server error (`internal_error`).',
  503: 'A dependency is unavailable (`service_unavailable`).',
};

/** Documents the given error statuses with the v1 envelope schema. */
export function ApiErrorResponses(...statuses: number[]): MethodDecorator & ClassDecorator {
  return applyDecorators(
    ApiExtraModels(ErrorEnvelopeDto, FieldProblemDto),
    ...statuses.map((status) =>
      ApiResponse({
        status,
        description: ERROR_DESCRIPTIONS[status] ?? 'Error',
        schema: { $ref: getSchemaPath(ErrorEnvelopeDto) },
      }),
    ),
  );
}
