import { Controller, Get, Param, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ListPageQuery } from '../../common/pagination/list-page.query';
import { ApiErrorResponses } from '../../common/openapi/api-error-responses.decorator';
import { type AuthenticatedUser, ApiKeyAuth, CurrentUser } from '../auth';
import { PostEventListDto } from './dto/post-event.dto';
import { PostEventsService } from './post-events.service';

@ApiTags('posts')
@ApiKeyAuth()
@Controller('v1/posts')
export class PostEventsController {
  constructor(private readonly events: PostEventsService) {}

  @Get(':id/events')
  @ApiOperation({
    summary: "A post's history: its events, oldest first",
    description:
      "Every webhook event of the post in the order it was recorded (edits with their `changes`, runs settling, parts failing, deletions), each with the post as it was then. The post's own `createdAt` is where the history starts. Events are kept as long as the post's owner.",
  })
  @ApiOkResponse({ type: PostEventListDto })
  @ApiErrorResponses(400, 404)
  list(
    @CurrentUser() user: AuthenticatedUser,
    @Param('id') id: string,
    @Query() query: ListPageQuery,
  ): Promise<PostEventListDto> {
    return this.events.list(user, id, query);
  }
}
