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
    description:
      "The profile's accounts (see `Soku-Profile`). Disconnected accounts are left out. Tokens are never returned.",
  })
  @ApiOkResponse({ type: IntegrationListDto })
  @ApiErrorResponses(400, 404)
  async list(
    @CurrentUser() user: AuthenticatedUser,
    @Query() query: ListIntegrationsQueryDto,
  ): Promise<IntegrationListDto> {
    const platform = query.platform === undefined ? undefined : platformOf(query.platform);
    return { integrations: await this.integrations.list(user, platform) };
  }

  @Post()
  @ApiOperation({
    summary: 'Add accounts with a token you already have ("bring your own token")',
    description:
      "For moving from another tool: Soku reads the account's details from the platform with the token, exactly as after a connect, and stores the account(s) it gives in the request's profile. A token the platform refuses adds nothing: 400 `platform_token_rejected` with the platform's message. An account already connected in another of your profiles answers 409 `account_in_another_profile`: disconnect it there first.",
  })
  @ApiCreatedResponse({ type: IntegrationListDto })
  @ApiErrorResponses(400, 404, 409, 502, 503)
  async addWithToken(
    @CurrentUser() user: AuthenticatedUser,
    @Body() body: AddIntegrationWithTokenDto,
  ): Promise<IntegrationListDto> {
    return { integrations: await this.givenTokens.add(user, givenTokenFrom(body)) };
  }

  @Post('sandbox')
  @ApiOperation({
    summary: 'Create sandbox accounts',
    description:
      "One per platform (all when `platforms` is omitted) in the request's profile, accountId `sandbox_<platform>`. Posts to a sandbox account run the whole pipeline and are recorded instead of published. Existing sandbox accounts are returned unchanged.",
  })
  @ApiCreatedResponse({ type: IntegrationListDto })
  @ApiErrorResponses(400, 404)
  async createSandbox(
    @CurrentUser() user: AuthenticatedUser,
    @Body() body: CreateSandboxAccountsDto,
  ): Promise<IntegrationListDto> {
    const platforms = body.platforms?.map(platformOf);
    return { integrations: await this.integrations.createSandbox(user, platforms) };
  }

  @Post(':platform/connect')
  @ApiOperation({
    summary: 'Start connecting an account',
    description:
      "Returns the platform's authorization URL to send the user to; the platform then sends the browser to `/v1/integrations/{platform}/callback`, and the accounts are connected into the profile this request acts in. The URL needs no key: an agency can send it to a client to connect the client's accounts into the client's profile. A platform this server has no OAuth app for answers 400 `platform_not_configured`.",
  })
  @ApiCreatedResponse({ type: ConnectStartedDto })
  @ApiErrorResponses(400, 404)
  start(
    @CurrentUser() user: AuthenticatedUser,
    @Param() params: PlatformParamDto,
  ): Promise<ConnectStartedDto> {
    return this.connect.start(user, platformOf(params.platform));
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
      user,
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
    return this.integrations.disconnect(user, platformOf(params.platform), params.accountId);
  }
}
