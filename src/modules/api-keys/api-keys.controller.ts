import { Body, Controller, Delete, Get, HttpCode, Param, Post } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ApiErrorResponses } from '../../common/openapi/api-error-responses.decorator';
import { CurrentUser } from '../../common/auth/current-user.decorator';
import { IdTokenAuth } from '../../common/auth/id-token-auth.decorator';
import type { AuthenticatedUser } from '../../common/auth/route-auth';
import { ApiKeysService } from './api-keys.service';
import {
  ApiKeyListDto,
  CreateApiKeyDto,
  CreatedApiKeyDto,
  RevokedApiKeyDto,
} from './dto/api-key.dto';

@ApiTags('api-keys')
@IdTokenAuth()
@Controller('v1/api-keys')
export class ApiKeysController {
  constructor(private readonly apiKeys: ApiKeysService) {}

  @Post()
  @ApiOperation({
    summary: 'Create an API key',
    description:
      'Returns the key once; only its SHA-256 hash is stored. Not idempotent by design: a replay would have to store the secret. With `profileId`, the key acts in that profile only: a `Soku-Profile` naming another answers 403 `profile_forbidden`; an unknown profile is a 404 `profile_not_found`.',
  })
  @ApiCreatedResponse({ type: CreatedApiKeyDto })
  @ApiErrorResponses(400, 404)
  create(
    @CurrentUser() user: AuthenticatedUser,
    @Body() body: CreateApiKeyDto,
  ): Promise<CreatedApiKeyDto> {
    return this.apiKeys.create(user.userId, body.name ?? null, body.profileId ?? null);
  }

  @Get()
  @ApiOperation({ summary: 'List your API keys (previews only)' })
  @ApiOkResponse({ type: ApiKeyListDto })
  list(@CurrentUser() user: AuthenticatedUser): Promise<ApiKeyListDto> {
    return this.apiKeys.list(user.userId);
  }

  @Delete(':id')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Revoke an API key by its id (the SHA-256 hash)',
    description:
      'The key stops working on the next request, on every instance. Revoking twice is harmless.',
  })
  @ApiOkResponse({ type: RevokedApiKeyDto })
  @ApiErrorResponses(404)
  revoke(
    @CurrentUser() user: AuthenticatedUser,
    @Param('id') id: string,
  ): Promise<RevokedApiKeyDto> {
    return this.apiKeys.revoke(user.userId, id);
  }
}
