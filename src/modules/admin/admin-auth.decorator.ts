import { applyDecorators, UseGuards } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { ApiErrorResponses } from '../../common/openapi/api-error-responses.decorator';
import { IdTokenAuth } from '../auth';
import { AdminGuard } from './admin.guard';

/**
 * An admin route: `Authorization: Bearer <ID token>` of a user flagged admin (`soku users:create
 * --admin`); any other valid token answers 403. Documents the scheme and the 401/403 answers.
 */
export function AdminAuth(): ClassDecorator {
  return applyDecorators(
    ApiTags('admin'),
    IdTokenAuth(),
    UseGuards(AdminGuard),
    ApiErrorResponses(403),
  );
}
