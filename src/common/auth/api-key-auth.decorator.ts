import { applyDecorators, SetMetadata } from '@nestjs/common';
import { ApiHeader, ApiSecurity } from '@nestjs/swagger';
import { ApiErrorResponses } from '../openapi/api-error-responses.decorator';
import { API_KEY_SCHEME } from '../openapi/openapi';
import { AUTH_METADATA, type AuthRequirement } from './route-auth';

/**
 * The route needs a valid `soku-api-key` and (unless `subscription: false`) an allowed
 * subscription. Also documents the scheme, the `Soku-Profile` header and the answers of both.
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
    ApiHeader({
      name: 'Soku-Profile',
      required: false,
      description:
        'The profile to act in (its id); without it, the key’s bound profile or your default one. A malformed id answers 400, a profile that is not yours 404 `profile_not_found`, a key bound to another profile 403 `profile_forbidden`.',
      schema: { type: 'string', format: 'uuid' },
    }),
    // 400, 403 and 404 also answer a `Soku-Profile` that is malformed, forbidden or unknown.
    ApiErrorResponses(400, 401, 403, 404),
  );
}
