import { applyDecorators } from '@nestjs/common';
import { ApiHeader } from '@nestjs/swagger';
import { ApiErrorResponses } from './api-error-responses.decorator';

/**
 * Documents the optional `Soku-Profile` header of a route acting in the request's profile, and
 * the answers the auth guard gives for it (400 malformed, 403 another profile than the bound
 * key's, 404 not one of the caller's live profiles).
 */
export function ProfileScoped(): MethodDecorator & ClassDecorator {
  return applyDecorators(
    ApiHeader({
      name: 'Soku-Profile',
      required: false,
      description:
        "The profile to act in (`GET /v1/profiles`); without it, the bound key's profile, else the default one. 400 `validation_error` when malformed, 404 `profile_not_found` when not one of yours, 403 `profile_forbidden` when the key is bound to another.",
      schema: { type: 'string', format: 'uuid' },
    }),
    ApiErrorResponses(400, 403, 404),
  );
}
