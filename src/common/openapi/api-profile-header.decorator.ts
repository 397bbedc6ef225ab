import { applyDecorators } from '@nestjs/common';
import { ApiHeader, ApiResponse, getSchemaPath } from '@nestjs/swagger';
import { ErrorEnvelopeDto } from '../filters/error-envelope';

/**
 * Documents `Soku-Profile` on a route that acts in the request's profile, with the answers the
 * auth guards give it: 400 when it is no id, 404 `profile_not_found`, 403 `profile_forbidden`.
 */
export function ApiProfileHeader(): MethodDecorator & ClassDecorator {
  return applyDecorators(
    ApiHeader({
      name: 'Soku-Profile',
      required: false,
      description:
        "The profile to act in (its id). Without it: the API key's bound profile, else your default profile. Another profile's ids answer 404, as another user's do.",
      schema: { type: 'string', format: 'uuid' },
    }),
    ApiResponse({
      status: 403,
      description:
        'The API key is bound to another profile than `Soku-Profile` names (`profile_forbidden`).',
      schema: { $ref: getSchemaPath(ErrorEnvelopeDto) },
    }),
  );
}
