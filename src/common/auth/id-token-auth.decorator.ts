import { applyDecorators, SetMetadata } from '@nestjs/common';
import { ApiBearerAuth } from '@nestjs/swagger';
import { ApiErrorResponses } from '../openapi/api-error-responses.decorator';
import { ID_TOKEN_SCHEME } from '../openapi/openapi';
import { AUTH_METADATA, type AuthRequirement } from './route-auth';

/** The route needs `Authorization: Bearer <ID token>` (key management, as v1 documents). */
export function IdTokenAuth(): MethodDecorator & ClassDecorator {
  const requirement: AuthRequirement = { kind: 'id-token' };
  return applyDecorators(
    SetMetadata(AUTH_METADATA, requirement),
    ApiBearerAuth(ID_TOKEN_SCHEME),
    ApiErrorResponses(401),
  );
}
