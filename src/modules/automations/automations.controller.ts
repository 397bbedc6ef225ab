import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Query } from '@nestjs/common';
import {
  ApiCreatedResponse,
  ApiNoContentResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import { ApiErrorResponses } from '../../common/openapi/api-error-responses.decorator';
import { ListPageQuery } from '../../common/pagination/list-page.query';
import { type AuthenticatedUser, ApiKeyAuth, CurrentUser } from '../auth';
import {
  CreateAutomationDto,
  ListAutomationRunsQuery,
  UpdateAutomationDto,
} from './dto/automation-requests.dto';
import {
  AutomationDto,
  AutomationListDto,
  AutomationRunListDto,
} from './dto/automation-responses.dto';
import { AutomationsService } from './automations.service';

@ApiTags('automations')
@ApiKeyAuth()
@Controller('v1/automations')
export class AutomationsController {
  constructor(private readonly automations: AutomationsService) {}

  @Post()
  @ApiOperation({
    summary:
      'Create an automation: when a post is published on a platform, repost, repurpose or call a webhook',
    description:
      "Triggered once per published run of a post created with `enableRepurposing: true` (or made by another automation), exactly once per automation and run. The automation belongs to the request's profile: only that profile's posts trigger it, its posts are made there, and the accounts it names must be that profile's. A post an automation makes never sets off the automations that led to it, and chains stop at SOKU_AUTOMATION_MAX_DEPTH.",
  })
  @ApiCreatedResponse({ type: AutomationDto })
  @ApiErrorResponses(400)
  create(
    @CurrentUser() user: AuthenticatedUser,
    @Body() body: CreateAutomationDto,
  ): Promise<AutomationDto> {
    return this.automations.create(user, body);
  }

  @Get()
  @ApiOperation({ summary: 'List your automations, newest first' })
  @ApiOkResponse({ type: AutomationListDto })
  @ApiErrorResponses(400)
  list(
    @CurrentUser() user: AuthenticatedUser,
    @Query() query: ListPageQuery,
  ): Promise<AutomationListDto> {
    return this.automations.list(user, query);
  }

  @Get(':id')
  @ApiOperation({ summary: 'An automation' })
  @ApiOkResponse({ type: AutomationDto })
  @ApiErrorResponses(404)
  get(@CurrentUser() user: AuthenticatedUser, @Param('id') id: string): Promise<AutomationDto> {
    return this.automations.get(user, id);
  }

  @Patch(':id')
  @ApiOperation({
    summary: 'Rename, enable or disable an automation, or replace its trigger or action',
  })
  @ApiOkResponse({ type: AutomationDto })
  @ApiErrorResponses(400, 404)
  update(
    @CurrentUser() user: AuthenticatedUser,
    @Param('id') id: string,
    @Body() body: UpdateAutomationDto,
  ): Promise<AutomationDto> {
    return this.automations.update(user, id, body);
  }

  @Delete(':id')
  @HttpCode(204)
  @ApiOperation({ summary: 'Delete an automation and its run records (the posts it made stay)' })
  @ApiNoContentResponse()
  @ApiErrorResponses(404)
  remove(@CurrentUser() user: AuthenticatedUser, @Param('id') id: string): Promise<void> {
    return this.automations.remove(user, id);
  }

  @Get(':id/runs')
  @ApiOperation({
    summary: 'What an automation did, newest first: one run per published post it matched',
  })
  @ApiOkResponse({ type: AutomationRunListDto })
  @ApiErrorResponses(400, 404)
  runs(
    @CurrentUser() user: AuthenticatedUser,
    @Param('id') id: string,
    @Query() query: ListAutomationRunsQuery,
  ): Promise<AutomationRunListDto> {
    return this.automations.runs(user, id, query);
  }
}
