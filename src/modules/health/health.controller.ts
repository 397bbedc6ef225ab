import { Controller, Get } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ApiErrorResponses } from '../../common/openapi/api-error-responses.decorator';
import { HealthDto, ReadinessDto } from './health.dto';
import { HealthService, type Readiness } from './health.service';

@ApiTags('health')
@Controller('health')
export class HealthController {
  constructor(private readonly health: HealthService) {}

  @Get()
  @ApiOperation({ summary: 'Liveness: the process is up. No authentication.' })
  @ApiOkResponse({ type: HealthDto })
  liveness(): HealthDto {
    return this.health.liveness();
  }

  @Get('ready')
  @ApiOperation({
    summary:
      'Readiness: the database (and Redis, when configured) answer and workers consume jobs. No authentication.',
  })
  @ApiOkResponse({ type: ReadinessDto })
  @ApiErrorResponses(503)
  readiness(): Promise<Readiness> {
    return this.health.readiness();
  }
}
