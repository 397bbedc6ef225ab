import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsISO8601, IsOptional } from 'class-validator';
import { SUBMISSION_STATUSES, type SubmissionStatus } from '../../publishing';

export const EXPORT_FORMATS = ['csv', 'json'] as const;

/** GET /v1/posts/export: the format and which posts, by creation time and status. */
export class ExportPostsQuery {
  @ApiPropertyOptional({ enum: EXPORT_FORMATS, default: 'csv' })
  @IsOptional()
  @IsIn(EXPORT_FORMATS, { message: 'Expected one of: csv, json' })
  format?: (typeof EXPORT_FORMATS)[number];

  @ApiPropertyOptional({ format: 'date-time', description: 'Posts created at or after this time.' })
  @IsOptional()
  @IsISO8601({ strict: true }, { message: 'Expected an ISO 8601 date-time' })
  from?: string;

  @ApiPropertyOptional({ format: 'date-time', description: 'Posts created before this time.' })
  @IsOptional()
  @IsISO8601({ strict: true }, { message: 'Expected an ISO 8601 date-time' })
  to?: string;

  @ApiPropertyOptional({ enum: SUBMISSION_STATUSES })
  @IsOptional()
  @IsIn(SUBMISSION_STATUSES, { message: `Expected one of: ${SUBMISSION_STATUSES.join(', ')}` })
  status?: SubmissionStatus;
}
