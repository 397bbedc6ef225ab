import { ApiProperty } from '@nestjs/swagger';

export class HealthDto {
  @ApiProperty({ enum: ['ok'], example: 'ok' })
  status: 'ok';

  @ApiProperty({ example: '0.1.0', description: 'The running Soku version.' })
  version: string;

  @ApiProperty({ format: 'date-time', example: '2025-09-01T12:00:00Z' })
  timestamp: string;
}

export class ReadinessChecksDto {
  @ApiProperty({ enum: ['up', 'down'], example: 'up' })
  database: string;

  @ApiProperty({
    enum: ['up', 'degraded', 'down', 'disabled'],
    example: 'disabled',
    description:
      '`disabled` when REDIS_URL is unset. `degraded`: an API process (role `api`) whose Redis does not answer ' +
      'within `SOKU_REDIS_COMMAND_TIMEOUT_MS`; it stays ready, authenticating from PostgreSQL and leaving the ' +
      'queue to the reconciler. `down` makes a process that runs workers not ready.',
  })
  redis: string;

  @ApiProperty({
    enum: ['up', 'down', 'starting', 'disabled'],
    example: 'up',
    description:
      'Whether workers consume jobs: a heartbeat job consumed within the last three `SOKU_WORKER_HEARTBEAT_MS`. ' +
      '`starting`: a worker process that has not beaten yet. `disabled`: an API process without Redis, which cannot see workers. ' +
      '`down` makes a process that runs workers (role `all` or `worker`) not ready; an API process only reports it.',
  })
  workers: string;
}

export class ApiVersionNoticeDto {
  @ApiProperty({ example: 'SOKU_LINKEDIN_VERSION' })
  setting: string;

  @ApiProperty({ example: '202611' })
  version: string;

  @ApiProperty({
    format: 'date',
    example: '2027-11-01',
    description: "The platform's documented sunset.",
  })
  sunsetAt: string;

  @ApiProperty({ example: 42, description: 'Negative once the version is past its sunset.' })
  daysLeft: number;

  @ApiProperty({
    example:
      'LinkedIn API version 202611 (SOKU_LINKEDIN_VERSION) is sunset on 2027-11-01: set a newer version',
  })
  message: string;
}

export class ReadinessDto {
  @ApiProperty({ enum: ['ok'], example: 'ok' })
  status: 'ok';

  @ApiProperty({ type: ReadinessChecksDto })
  checks: ReadinessChecksDto;

  @ApiProperty({
    type: [ApiVersionNoticeDto],
    required: false,
    description:
      'Present when a pinned platform API version (SOKU_META_GRAPH_VERSION, SOKU_LINKEDIN_VERSION) is within 60 days of its documented sunset or past it. A warning: readiness stays `ok`.',
  })
  apiVersions?: ApiVersionNoticeDto[];
}
