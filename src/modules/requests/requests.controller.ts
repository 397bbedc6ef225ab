import { Controller, Get, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ApiErrorResponses } from '../../common/openapi/api-error-responses.decorator';
import { type AuthenticatedUser, ApiKeyAuth, CurrentUser } from '../auth';
import { ApiRequestListDto, ListRequestsQueryDto } from './dto/api-request.dto';
import { RequestsService } from './requests.service';

@ApiTags('requests')
@ApiKeyAuth()
@Controller('v1/requests')
export class RequestsController {
  constructor(private readonly requests: RequestsService) {}

  @Get()
  @ApiOperation({
    summary: 'List your recent API requests',
    description:
      "Every authenticated request you made in the profile this request acts in (method, route, status, request id, idempotency key, latency, IP, user agent), newest first: without `Soku-Profile`, the default profile's (a key bound to a profile: that profile's). A request refused by the `Soku-Profile` check (400, 403, 404) is listed in the profile its credentials act in without the header. Written in batches, so a request shows up within about a second; kept for SOKU_REQUEST_LOG_RETENTION_DAYS days.",
  })
  @ApiOkResponse({ type: ApiRequestListDto })
  @ApiErrorResponses(400, 404)
  list(
    @CurrentUser() user: AuthenticatedUser,
    @Query() query: ListRequestsQueryDto,
  ): Promise<ApiRequestListDto> {
    return this.requests.list(user, query);
  }
}
