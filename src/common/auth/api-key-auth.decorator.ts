import { applyDecorators, SetMetadata } from '@nestjs/common';
import { ApiSecurity } from '@nestjs/swagger';
import { ApiErrorResponses } from '../openapi/api-error-responses.decorator';
import { API_KEY_SCHEME } from '../openapi/openapi';
import { AUTH_METADATA, type AuthRequirement } from './route-auth';

/**
 * The route needs a valid `soku-api-key` and (unless `subscription: false`) an allowed
 * subscription. Also documents the scheme and the 401/403 answers.
 */
export function ApiKeyAuth(
  options: { subscription?: boolean } = {},
): MethodDecorator & ClassDecorator {
  const requirement: AuthRequirement = {
    kind: 'api-key',
    subscription: options.subscription ?? true,
  };
  return applyDecorators(
    SetMetadata(AUTH_METADATA, requirement),
    ApiSecurity(API_KEY_SCHEME),
    ApiErrorResponses(401, ...(requirement.subscription ? [403] : [])),
  );
}
