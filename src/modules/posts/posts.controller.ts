import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Query } from '@nestjs/common';
import {
  ApiAcceptedResponse,
  ApiBody,
  ApiCreatedResponse,
  ApiExtraModels,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import { ApiErrorResponses } from '../../common/openapi/api-error-responses.decorator';
import { type AuthenticatedUser, ApiKeyAuth, CurrentUser } from '../auth';
import { Idempotent } from '../idempotency';
import { RateLimited } from '../rate-limits';
import { CreatePostDto, TargetObjectDto } from './dto/create-post.dto';
import { ListPostsQuery } from './dto/list-posts.query';
import { UpdatePostDto } from './dto/update-post.dto';
import {
  CreatedPostDto,
  PostListDto,
  PostSubmissionDto,
  PostValidationDto,
} from './dto/post-response.dto';
import { CREATE_POST_EXAMPLES } from './posts.examples';
import { PostsService } from './posts.service';

@ApiTags('posts')
@ApiKeyAuth()
@ApiExtraModels(TargetObjectDto)
@Controller('v1/posts')
export class PostsController {
  constructor(private readonly posts: PostsService) {}

  @Post()
  @RateLimited('posts.create')
  @Idempotent()
  @ApiOperation({
    summary: 'Create a post and publish it to one or more platforms',
    description:
      'Validates everything first (every problem of every target at once), stores the submission and one run per target, and publishes asynchronously. Follow it with GET /v1/posts/{id}.',
  })
  @ApiBody({ type: CreatePostDto, examples: CREATE_POST_EXAMPLES })
  @ApiCreatedResponse({ type: CreatedPostDto })
  @ApiErrorResponses(400, 404, 409)
  create(
    @CurrentUser() user: AuthenticatedUser,
    @Body() body: CreatePostDto,
  ): Promise<CreatedPostDto> {
    return this.posts.create(user, body);
  }

  @Post('validate')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Dry run: validate a post without storing or publishing it',
    description:
      'Same body as POST /v1/posts. Schema errors are a 400; targeting and platform-rule problems are listed in `problems`.',
  })
  @ApiOkResponse({ type: PostValidationDto })
  @ApiErrorResponses(400, 404)
  validate(
    @CurrentUser() user: AuthenticatedUser,
    @Body() body: CreatePostDto,
  ): Promise<PostValidationDto> {
    return this.posts.validate(user, body);
  }

  @Get()
  @ApiOperation({ summary: "List your profile's posts, newest first" })
  @ApiOkResponse({ type: PostListDto })
  @ApiErrorResponses(400, 404)
  list(
    @CurrentUser() user: AuthenticatedUser,
    @Query() query: ListPostsQuery,
  ): Promise<PostListDto> {
    return this.posts.list(user, query);
  }

  @Get(':id')
  @ApiOperation({ summary: 'A post submission with its derived outcome and every run' })
  @ApiOkResponse({ type: PostSubmissionDto })
  @ApiErrorResponses(400, 404)
  get(@CurrentUser() user: AuthenticatedUser, @Param('id') id: string): Promise<PostSubmissionDto> {
    return this.posts.get(user, id);
  }

  @Patch(':id')
  @Idempotent()
  @ApiOperation({
    summary: 'Edit a scheduled post none of whose runs has started',
    description:
      'Changes scheduledTime, the text, the media or platformOverrides, checked like a new post on the same targets; the post then publishes at its (new) time. 409 post_not_editable once a run has started.',
  })
  @ApiBody({ type: UpdatePostDto })
  @ApiOkResponse({ type: PostSubmissionDto })
  @ApiErrorResponses(400, 404, 409)
  update(
    @CurrentUser() user: AuthenticatedUser,
    @Param('id') id: string,
    @Body() body: UpdatePostDto,
  ): Promise<PostSubmissionDto> {
    return this.posts.update(user, id, body);
  }

  @Delete(':id')
  @ApiOperation({ summary: 'Cancel a post none of whose runs has started' })
  @ApiOkResponse({ type: PostSubmissionDto })
  @ApiErrorResponses(400, 404, 409)
  cancel(
    @CurrentUser() user: AuthenticatedUser,
    @Param('id') id: string,
  ): Promise<PostSubmissionDto> {
    return this.posts.cancel(user, id);
  }

  @Delete(':id/published')
  @HttpCode(202)
  @ApiOperation({
    summary: 'Delete the published post from each platform whose API allows it',
    description:
      'Refused (409 post_still_publishing) while a run is queued or publishing, and (409 post_not_published) when no run published. Each published run gets `deletion` (pending, then deleted, failed or unsupported: Instagram, TikTok and Snapchat have no delete endpoint); events post.run.deleted and post.run.delete_failed follow. Repeating it leaves deleted runs alone and asks failed ones again. The post itself stays readable.',
  })
  @ApiAcceptedResponse({ type: PostSubmissionDto })
  @ApiErrorResponses(400, 404, 409)
  unpublish(
    @CurrentUser() user: AuthenticatedUser,
    @Param('id') id: string,
  ): Promise<PostSubmissionDto> {
    return this.posts.unpublish(user, id);
  }

  @Post(':id/retry')
  @HttpCode(200)
  @ApiOperation({ summary: 'Re-queue the failed runs of a post (the others are left alone)' })
  @ApiOkResponse({ type: PostSubmissionDto })
  @ApiErrorResponses(400, 404, 409)
  retry(
    @CurrentUser() user: AuthenticatedUser,
    @Param('id') id: string,
  ): Promise<PostSubmissionDto> {
    return this.posts.retry(user, id);
  }
}
