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
    enum: ['up', 'down', 'disabled'],
    example: 'disabled',
    description: '`disabled` when REDIS_URL is unset.',
  })
  redis: string;
}

export class ReadinessDto {
  @ApiProperty({ enum: ['ok'], example: 'ok' })
  status: 'ok';

  @ApiProperty({ type: ReadinessChecksDto })
  checks: ReadinessChecksDto;
}
