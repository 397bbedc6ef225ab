import { applyDecorators } from '@nestjs/common';
import { ApiHeader } from '@nestjs/swagger';
import { ApiErrorResponses } from './api-error-responses.decorator';

/**
 * Documents `Soku-Profile` on routes whose rows belong to a profile (the auth guards read it):
 * without it a request acts in the bound key's profile, else in the default one.
 */
export function ApiProfileScoped(): MethodDecorator & ClassDecorator {
  return applyDecorators(
    ApiHeader({
      name: 'Soku-Profile',
      required: false,
      description:
        "The profile to act in (`GET /v1/profiles`); without it, the API key's bound profile, else your default profile. Another profile's rows answer as if they did not exist. A malformed id is 400 `validation_error` (`headers.soku-profile`), a profile that is not yours 404 `profile_not_found`, one a bound key may not act in 403 `profile_forbidden`.",
      schema: { type: 'string', format: 'uuid' },
    }),
    ApiErrorResponses(404),
  );
}
