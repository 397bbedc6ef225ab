import { Body, Controller, Delete, Get, HttpCode, Param, Post, Put, Query } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation } from '@nestjs/swagger';
import { defaultScope } from '../../common/auth/route-auth';
import { ApiErrorResponses } from '../../common/openapi/api-error-responses.decorator';
import { ListPageQuery } from '../../common/pagination/list-page.query';
import { ApiKeyListDto, RevokedApiKeyDto, ApiKeysService } from '../api-keys';
import { UsersService } from '../auth';
import { CreditsService } from '../credits';
import {
  IntegrationDto,
  IntegrationListDto,
  AddIntegrationWithTokenDto,
  GivenTokenService,
  givenTokenFrom,
  IntegrationsService,
} from '../integrations';
import { PostSubmissionDto } from '../posts';
import { PostsService } from '../posts';
import { AdminAuth } from './admin-auth.decorator';
import { AdminUsersService } from './admin-users.service';
import {
  AdminUserDto,
  AdminUserListDto,
  ForceReauthDto,
  GrantCreditsDto,
  GrantedCreditsDto,
  SetSubscriptionDto,
} from './dto/admin-user.dto';

/** Users and what they own, through the same services as the public API. */
@AdminAuth()
@Controller('admin/users')
export class AdminUsersController {
  constructor(
    private readonly admin: AdminUsersService,
    private readonly users: UsersService,
    private readonly credits: CreditsService,
    private readonly apiKeys: ApiKeysService,
    private readonly integrations: IntegrationsService,
    private readonly givenTokens: GivenTokenService,
    private readonly posts: PostsService,
  ) {}

  @Get()
  @ApiOperation({ summary: 'List users, newest first' })
  @ApiOkResponse({ type: AdminUserListDto })
  @ApiErrorResponses(400)
  list(@Query() query: ListPageQuery): Promise<AdminUserListDto> {
    return this.admin.list(query);
  }

  @Get(':userId')
  @ApiOperation({ summary: 'Get a user: subscription, credits, admin and disabled flags' })
  @ApiOkResponse({ type: AdminUserDto })
  @ApiErrorResponses(404)
  get(@Param('userId') userId: string): Promise<AdminUserDto> {
    return this.admin.get(userId);
  }

  @Put(':userId/subscription')
  @ApiOperation({ summary: "Set (or with status null, remove) a user's subscription" })
  @ApiOkResponse({ type: AdminUserDto })
  @ApiErrorResponses(400, 404)
  async setSubscription(
    @Param('userId') userId: string,
    @Body() body: SetSubscriptionDto,
  ): Promise<AdminUserDto> {
    await this.users.get(userId);
    const periodEnd = body.currentPeriodEnd ? new Date(body.currentPeriodEnd) : null;
    await this.users.setSubscription(userId, body.status, body.status ? periodEnd : null);
    return this.admin.get(userId);
  }

  @Post(':userId/credits')
  @HttpCode(200)
  @ApiOperation({ summary: 'Grant AI credits (one ledger entry)' })
  @ApiOkResponse({ type: GrantedCreditsDto })
  @ApiErrorResponses(400, 404)
  async grantCredits(
    @Param('userId') userId: string,
    @Body() body: GrantCreditsDto,
  ): Promise<GrantedCreditsDto> {
    await this.users.get(userId);
    return { balance: await this.credits.grant(userId, body.amount, body.reason) };
  }

  @Post(':userId/disable')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Disable a user',
    description:
      'Their API keys and ID tokens answer 401 from the next request, on every instance.',
  })
  @ApiOkResponse({ type: AdminUserDto })
  @ApiErrorResponses(404)
  disable(@Param('userId') userId: string): Promise<AdminUserDto> {
    return this.admin.setDisabled(userId, true);
  }

  @Post(':userId/enable')
  @HttpCode(200)
  @ApiOperation({ summary: 'Re-enable a disabled user' })
  @ApiOkResponse({ type: AdminUserDto })
  @ApiErrorResponses(404)
  enable(@Param('userId') userId: string): Promise<AdminUserDto> {
    return this.admin.setDisabled(userId, false);
  }

  @Get(':userId/api-keys')
  @ApiOperation({ summary: "List a user's API keys (never the keys themselves)" })
  @ApiOkResponse({ type: ApiKeyListDto })
  @ApiErrorResponses(404)
  async listApiKeys(@Param('userId') userId: string): Promise<ApiKeyListDto> {
    await this.users.get(userId);
    return this.apiKeys.list(userId);
  }

  @Delete(':userId/api-keys/:keyId')
  @HttpCode(200)
  @ApiOperation({ summary: "Revoke one of a user's API keys" })
  @ApiOkResponse({ type: RevokedApiKeyDto })
  @ApiErrorResponses(404)
  async revokeApiKey(
    @Param('userId') userId: string,
    @Param('keyId') keyId: string,
  ): Promise<RevokedApiKeyDto> {
    await this.users.get(userId);
    return this.apiKeys.revoke(userId, keyId);
  }

  @Get(':userId/integrations')
  @ApiOperation({
    summary: "List a user's connected accounts with their status, in every profile",
  })
  @ApiOkResponse({ type: IntegrationListDto })
  @ApiErrorResponses(404)
  async listIntegrations(@Param('userId') userId: string): Promise<IntegrationListDto> {
    await this.users.get(userId);
    return { integrations: await this.integrations.listAcrossProfiles(userId) };
  }

  @Post(':userId/integrations')
  @ApiOperation({
    summary: 'Add accounts to a user with a token they already have',
    description:
      "The same as the user's own `POST /v1/integrations` in their default profile: the account's details are read from the platform with the token.",
  })
  @ApiCreatedResponse({ type: IntegrationListDto })
  @ApiErrorResponses(400, 404, 409, 502, 503)
  async addIntegrationWithToken(
    @Param('userId') userId: string,
    @Body() body: AddIntegrationWithTokenDto,
  ): Promise<IntegrationListDto> {
    await this.users.get(userId);
    return {
      integrations: await this.givenTokens.add(defaultScope(userId), givenTokenFrom(body)),
    };
  }

  @Post(':userId/integrations/:integrationId/force-reauth')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Force a connected account to needs_reauth',
    description:
      'Posts to it are refused until the user reconnects it; `integration.needs_reauth` is sent to their webhooks.',
  })
  @ApiOkResponse({ type: IntegrationDto })
  @ApiErrorResponses(400, 404)
  async forceReauth(
    @Param('userId') userId: string,
    @Param('integrationId') integrationId: string,
    @Body() body: ForceReauthDto,
  ): Promise<IntegrationDto> {
    await this.users.get(userId);
    return this.integrations.forceReauth(
      userId,
      integrationId,
      body.reason ?? 'An administrator asked for the account to be reconnected',
    );
  }

  @Post(':userId/posts/:postId/retry')
  @HttpCode(200)
  @ApiOperation({
    summary: "Retry a user's post: its failed runs go back in the queue",
    description: "The same as the user's own `POST /v1/posts/{id}/retry`.",
  })
  @ApiOkResponse({ type: PostSubmissionDto })
  @ApiErrorResponses(404, 409)
  async retryPost(
    @Param('userId') userId: string,
    @Param('postId') postId: string,
  ): Promise<PostSubmissionDto> {
    await this.users.get(userId);
    return this.posts.retryForUser(userId, postId);
  }
}
