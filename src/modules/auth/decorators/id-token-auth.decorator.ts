import { applyDecorators, SetMetadata } from '@nestjs/common';
import { ApiBearerAuth } from '@nestjs/swagger';
import { ApiErrorResponses } from '../../../common/openapi/api-error-responses.decorator';
import { ID_TOKEN_SCHEME } from '../../../common/openapi/openapi';
import { AUTH_METADATA, type AuthRequirement } from '../auth-request';

/** The route needs `Authorization: Bearer <ID token>` (key management, as v1 documents). */
export function IdTokenAuth(): MethodDecorator & ClassDecorator {
  const requirement: AuthRequirement = { kind: 'id-token' };
  return applyDecorators(
    SetMetadata(AUTH_METADATA, requirement),
    ApiBearerAuth(ID_TOKEN_SCHEME),
    ApiErrorResponses(401),
  );
}
