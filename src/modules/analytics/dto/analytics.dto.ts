import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { PLATFORMS } from '../../../common/platforms';

/** The normalised figures; a name the platform does not report is left out. */
export class MetricFiguresDto {
  @ApiPropertyOptional() impressions?: number;
  @ApiPropertyOptional() views?: number;
  @ApiPropertyOptional() likes?: number;
  @ApiPropertyOptional() comments?: number;
  @ApiPropertyOptional() shares?: number;
  @ApiPropertyOptional() saves?: number;
  @ApiPropertyOptional() clicks?: number;
}

export class MetricSampleDto {
  @ApiProperty({ format: 'date-time' })
  readAt: string;

  @ApiProperty({ type: MetricFiguresDto })
  figures: MetricFiguresDto;
}

export class LatestMetricsDto extends MetricSampleDto {
  @ApiProperty({
    type: 'object',
    additionalProperties: true,
    description: "The platform's own fields, as it sent them.",
  })
  raw: Record<string, unknown>;
}

export class MetricsUnavailableDto {
  @ApiProperty({ example: 'metrics_unavailable' })
  code: string;

  @ApiProperty({ example: 'X: Forbidden', description: "The platform's reason, in its words." })
  reason: string;
}

export const RUN_METRICS_STATES = ['not_published', 'collecting', 'complete'] as const;

export class RunAnalyticsDto {
  @ApiProperty({ format: 'uuid' })
  runId: string;

  @ApiProperty({ enum: PLATFORMS })
  platform: string;

  @ApiProperty()
  accountId: string;

  @ApiProperty({ type: String, nullable: true })
  platformPostId: string | null;

  @ApiProperty({
    enum: RUN_METRICS_STATES,
    description:
      'not_published: the run made no post; collecting: more reads are scheduled; complete: the last scheduled read is done.',
  })
  state: string;

  @ApiProperty({ type: String, nullable: true, format: 'date-time' })
  nextReadAt: string | null;

  @ApiProperty({ type: LatestMetricsDto, nullable: true })
  latest: LatestMetricsDto | null;

  @ApiProperty({
    type: MetricsUnavailableDto,
    nullable: true,
    description: 'Why the latest read gave no figures (a token without the insights scope…).',
  })
  unavailable: MetricsUnavailableDto | null;

  @ApiProperty({ type: [MetricSampleDto], description: 'Every read, oldest first.' })
  series: MetricSampleDto[];
}

export class PostAnalyticsDto {
  @ApiProperty({ format: 'uuid' })
  postId: string;

  @ApiProperty({ type: [RunAnalyticsDto] })
  runs: RunAnalyticsDto[];
}

export class PlatformTotalsDto {
  @ApiProperty({ enum: PLATFORMS })
  platform: string;

  @ApiProperty({ description: 'Published runs with figures.' })
  posts: number;

  @ApiProperty({ type: MetricFiguresDto })
  totals: MetricFiguresDto;
}

export class AnalyticsSummaryDto {
  @ApiProperty({ format: 'date-time' })
  from: string;

  @ApiProperty({ format: 'date-time' })
  to: string;

  @ApiProperty({ description: 'Published runs with figures, in the period.' })
  posts: number;

  @ApiProperty({ type: MetricFiguresDto, description: 'Sums of each run’s latest figures.' })
  totals: MetricFiguresDto;

  @ApiProperty({ type: [PlatformTotalsDto] })
  byPlatform: PlatformTotalsDto[];
}
