import { Controller, Get, Param, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ApiErrorResponses } from '../../common/openapi/api-error-responses.decorator';
import { type AuthenticatedUser, ApiKeyAuth, CurrentUser } from '../auth';
import { AnalyticsService } from './analytics.service';
import { AnalyticsSummaryDto, PostAnalyticsDto } from './dto/analytics.dto';
import { AnalyticsQuery } from './dto/analytics.query';

@ApiTags('analytics')
@ApiKeyAuth()
@Controller('v1')
export class AnalyticsController {
  constructor(private readonly analytics: AnalyticsService) {}

  @Get('posts/:id/analytics')
  @ApiOperation({
    summary: "A post's metrics per run: the latest figures, the platform's raw fields, the series",
    description:
      'Published runs are read 1 h, 6 h, 24 h, 7 d and 30 d after publishing (SOKU_METRICS_SCHEDULE).',
  })
  @ApiOkResponse({ type: PostAnalyticsDto })
  @ApiErrorResponses(404)
  forPost(
    @CurrentUser() user: AuthenticatedUser,
    @Param('id') id: string,
  ): Promise<PostAnalyticsDto> {
    return this.analytics.forPost(user, id);
  }

  @Get('analytics')
  @ApiOperation({
    summary: 'Totals of the latest figures of the posts published in a period',
  })
  @ApiOkResponse({ type: AnalyticsSummaryDto })
  @ApiErrorResponses(400)
  summary(
    @CurrentUser() user: AuthenticatedUser,
    @Query() query: AnalyticsQuery,
  ): Promise<AnalyticsSummaryDto> {
    return this.analytics.summary(user, query);
  }
}
