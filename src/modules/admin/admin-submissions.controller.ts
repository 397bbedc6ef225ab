import { Controller, Get, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation } from '@nestjs/swagger';
import { ApiErrorResponses } from '../../common/openapi/api-error-responses.decorator';
import { OwnedPostListDto } from '../posts';
import { SubmissionSearchQuery } from '../posts';
import { PostsService } from '../posts';
import { AdminAuth } from './admin-auth.decorator';

@AdminAuth()
@Controller('admin/submissions')
export class AdminSubmissionsController {
  constructor(private readonly posts: PostsService) {}

  @Get()
  @ApiOperation({
    summary: "Search every user's submissions, newest first",
    description:
      'By owner, status, outcome, platform and creation time. Retry one with `POST /admin/users/{userId}/posts/{postId}/retry`.',
  })
  @ApiOkResponse({ type: OwnedPostListDto })
  @ApiErrorResponses(400)
  search(@Query() query: SubmissionSearchQuery): Promise<OwnedPostListDto> {
    return this.posts.search(query);
  }
}
