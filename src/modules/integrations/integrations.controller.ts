import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ApiErrorResponses } from '../../common/openapi/api-error-responses.decorator';
import { normalizePlatform, type Platform } from '../../common/platforms';
import { type AuthenticatedUser, ApiKeyAuth, CurrentUser } from '../auth';
import {
  ConnectStartedDto,
  DisconnectedIntegrationDto,
  IntegrationDto,
  IntegrationListDto,
} from './dto/integration.dto';
import {
  AddIntegrationWithTokenDto,
  CreateSandboxAccountsDto,
  IntegrationParamDto,
  ListIntegrationsQueryDto,
  PlatformParamDto,
  RenameIntegrationDto,
} from './dto/integration-requests.dto';
import { GivenTokenService, givenTokenFrom } from './given-token.service';
import { IntegrationsService } from './integrations.service';
import { OAuthConnectService } from './oauth-connect.service';

/** The pipe has checked the value against PLATFORM_VALUES: this only resolves aliases. */
const platformOf = (value: string): Platform => normalizePlatform(value)!;

@ApiTags('integrations')
@ApiKeyAuth()
@Controller('v1/integrations')
export class IntegrationsController {
  constructor(
    private readonly integrations: IntegrationsService,
    private readonly connect: OAuthConnectService,
    private readonly givenTokens: GivenTokenService,
  ) {}

  @Get()
  @ApiOperation({
    summary: 'List your connected accounts',
    description: 'Disconnected accounts are left out. Tokens are never returned.',
  })
  @ApiOkResponse({ type: IntegrationListDto })
  @ApiErrorResponses(400)
  async list(
    @CurrentUser() user: AuthenticatedUser,
    @Query() query: ListIntegrationsQueryDto,
  ): Promise<IntegrationListDto> {
    const platform = query.platform === undefined ? undefined : platformOf(query.platform);
    return { integrations: await this.integrations.list(user.userId, platform) };
  }

  @Post()
  @ApiOperation({
    summary: 'Add accounts with a token you already have ("bring your own token")',
    description:
      "For moving from another tool: Soku reads the account's details from the platform with the token, exactly as after a connect, and stores the account(s) it gives. A token the platform refuses adds nothing: 400 `platform_token_rejected` with the platform's message.",
  })
  @ApiCreatedResponse({ type: IntegrationListDto })
  @ApiErrorResponses(400, 409, 502, 503)
  async addWithToken(
    @CurrentUser() user: AuthenticatedUser,
    @Body() body: AddIntegrationWithTokenDto,
  ): Promise<IntegrationListDto> {
    return { integrations: await this.givenTokens.add(user.userId, givenTokenFrom(body)) };
  }

  @Post('sandbox')
  @ApiOperation({
    summary: 'Create sandbox accounts',
    description:
      'One per platform (all when `platforms` is omitted), accountId `sandbox_<platform>`. Posts to a sandbox account run the whole pipeline and are recorded instead of published. Existing sandbox accounts are returned unchanged.',
  })
  @ApiCreatedResponse({ type: IntegrationListDto })
  @ApiErrorResponses(400)
  async createSandbox(
    @CurrentUser() user: AuthenticatedUser,
    @Body() body: CreateSandboxAccountsDto,
  ): Promise<IntegrationListDto> {
    const platforms = body.platforms?.map(platformOf);
    return { integrations: await this.integrations.createSandbox(user.userId, platforms) };
  }

  @Post(':platform/connect')
  @ApiOperation({
    summary: 'Start connecting an account',
    description:
      "Returns the platform's authorization URL to send the user to; the platform then sends the browser to `/v1/integrations/{platform}/callback`. A platform this server has no OAuth app for answers 400 `platform_not_configured`.",
  })
  @ApiCreatedResponse({ type: ConnectStartedDto })
  @ApiErrorResponses(400)
  start(
    @CurrentUser() user: AuthenticatedUser,
    @Param() params: PlatformParamDto,
  ): Promise<ConnectStartedDto> {
    return this.connect.start(user.userId, platformOf(params.platform));
  }

  @Patch(':platform/:accountId')
  @ApiOperation({ summary: 'Change the accountId (alias) an account is targeted by' })
  @ApiOkResponse({ type: IntegrationDto })
  @ApiErrorResponses(400, 404, 409)
  rename(
    @CurrentUser() user: AuthenticatedUser,
    @Param() params: IntegrationParamDto,
    @Body() body: RenameIntegrationDto,
  ): Promise<IntegrationDto> {
    return this.integrations.rename(
      user.userId,
      platformOf(params.platform),
      params.accountId,
      body.accountId,
    );
  }

  @Delete(':platform/:accountId')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Disconnect an account',
    description: 'Its tokens are wiped at once; its accountId becomes free.',
  })
  @ApiOkResponse({ type: DisconnectedIntegrationDto })
  @ApiErrorResponses(400, 404)
  disconnect(
    @CurrentUser() user: AuthenticatedUser,
    @Param() params: IntegrationParamDto,
  ): Promise<DisconnectedIntegrationDto> {
    return this.integrations.disconnect(user.userId, platformOf(params.platform), params.accountId);
  }
}
