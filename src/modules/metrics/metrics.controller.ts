import { Controller, Get, Headers, Res, SetMetadata } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { ApiErrorResponses } from '../../common/openapi/api-error-responses.decorator';
import { METRICS_TOKEN_SCHEME } from '../../common/openapi/openapi';
import { AUTH_METADATA, type AuthRequirement } from '../../common/auth/route-auth';
import { MetricsService } from './metrics.service';

@ApiTags('operations')
@Controller('metrics')
export class MetricsController {
  constructor(private readonly metrics: MetricsService) {}

  @Get()
  @ApiOperation({
    summary: 'Prometheus metrics of this process (text exposition format).',
    description:
      'HTTP requests and latency by route template and status, queue depth by queue and state, ' +
      'publish runs by platform and outcome, rate-limit rejections, webhook delivery attempts, ' +
      'credits debited, and the Node.js process metrics. Enabled by setting `SOKU_METRICS_TOKEN`; ' +
      'unset, this route answers 404.',
  })
  @ApiBearerAuth(METRICS_TOKEN_SCHEME)
  // The scrape checks the static SOKU_METRICS_TOKEN itself; no user is involved.
  @SetMetadata(AUTH_METADATA, { kind: 'metrics-token' } satisfies AuthRequirement)
  // Only the metrics are text; the errors are the JSON envelope like everywhere else.
  @ApiOkResponse({
    description: 'The metrics.',
    content: { 'text/plain': { schema: { type: 'string' } } },
  })
  @ApiErrorResponses(401, 404)
  async scrape(
    @Headers('authorization') authorization: string | undefined,
    @Res({ passthrough: true }) res: Response,
  ): Promise<string> {
    const body = await this.metrics.scrape(authorization);
    res.setHeader('Content-Type', this.metrics.contentType);
    return body;
  }
}
