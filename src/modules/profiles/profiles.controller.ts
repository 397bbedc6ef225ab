import { Body, Controller, Delete, Get, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ApiKeyAuth } from '../../common/auth/api-key-auth.decorator';
import { CurrentUser } from '../../common/auth/current-user.decorator';
import type { AuthenticatedUser } from '../../common/auth/route-auth';
import { ApiErrorResponses } from '../../common/openapi/api-error-responses.decorator';
import { ListPageQuery } from '../../common/pagination/list-page.query';
import {
  CreateProfileDto,
  DeletedProfileDto,
  DeleteProfileQuery,
  ProfileDto,
  ProfileListDto,
  UpdateProfileDto,
} from './dto/profile.dto';
import { ProfilesService } from './profiles.service';

@ApiTags('profiles')
@ApiKeyAuth()
@Controller('v1/profiles')
export class ProfilesController {
  constructor(private readonly profiles: ProfilesService) {}

  @Post()
  @ApiOperation({
    summary: 'Create a profile: a separate pool of accounts, posts, media and webhooks',
    description:
      'Act in it by sending its id as `Soku-Profile`, or with an API key bound to it. A key bound to a profile cannot create profiles (403).',
  })
  @ApiCreatedResponse({ type: ProfileDto })
  @ApiErrorResponses(400, 403, 409)
  create(
    @CurrentUser() user: AuthenticatedUser,
    @Body() body: CreateProfileDto,
  ): Promise<ProfileDto> {
    return this.profiles.create(user, body.name);
  }

  @Get()
  @ApiOperation({
    summary: 'List your profiles, newest first',
    description: 'The default profile is among them. A key bound to a profile lists that one.',
  })
  @ApiOkResponse({ type: ProfileListDto })
  @ApiErrorResponses(400)
  list(
    @CurrentUser() user: AuthenticatedUser,
    @Query() query: ListPageQuery,
  ): Promise<ProfileListDto> {
    return this.profiles.list(user, query);
  }

  @Get(':id')
  @ApiOperation({ summary: 'A profile' })
  @ApiOkResponse({ type: ProfileDto })
  @ApiErrorResponses(404)
  get(@CurrentUser() user: AuthenticatedUser, @Param('id') id: string): Promise<ProfileDto> {
    return this.profiles.get(user, id);
  }

  @Patch(':id')
  @ApiOperation({ summary: 'Rename a profile' })
  @ApiOkResponse({ type: ProfileDto })
  @ApiErrorResponses(400, 403, 404, 409)
  rename(
    @CurrentUser() user: AuthenticatedUser,
    @Param('id') id: string,
    @Body() body: UpdateProfileDto,
  ): Promise<ProfileDto> {
    return this.profiles.rename(user, id, body.name);
  }

  @Delete(':id')
  @ApiOperation({
    summary: 'Delete a profile',
    description:
      'Its accounts stop publishing, its webhooks and automations stop firing, and its rows stay for the history. With pending posts it answers 409 `profile_has_pending_posts` unless `?force=true`, which cancels them first. The default profile cannot be deleted (409 `default_profile`).',
  })
  @ApiOkResponse({ type: DeletedProfileDto })
  @ApiErrorResponses(400, 403, 404, 409)
  delete(
    @CurrentUser() user: AuthenticatedUser,
    @Param('id') id: string,
    @Query() query: DeleteProfileQuery,
  ): Promise<DeletedProfileDto> {
    return this.profiles.delete(user, id, query.force === 'true');
  }
}
