import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsOptional, IsString, Max, Min } from 'class-validator';
import { SUBMISSION_STATUSES, type SubmissionStatus } from '../entities/post-submission.entity';
import { OUTCOMES } from './post-response.dto';
import type { Outcome } from '../posts.repository';

export class ListPostsQuery {
  @ApiPropertyOptional({ enum: SUBMISSION_STATUSES })
  @IsOptional()
  @IsIn(SUBMISSION_STATUSES, { message: `Expected one of: ${SUBMISSION_STATUSES.join(', ')}` })
  status?: SubmissionStatus;

  @ApiPropertyOptional({ enum: OUTCOMES })
  @IsOptional()
  @IsIn(OUTCOMES, { message: `Expected one of: ${OUTCOMES.join(', ')}` })
  outcome?: Outcome;

  @ApiPropertyOptional({ minimum: 1, maximum: 100, default: 20 })
  @IsOptional()
  @Type(() => Number)
  @IsInt({ message: 'Expected an integer from 1 to 100' })
  @Min(1, { message: 'Expected an integer from 1 to 100' })
  @Max(100, { message: 'Expected an integer from 1 to 100' })
  limit?: number;

  @ApiPropertyOptional({ description: '`nextCursor` of the previous page.' })
  @IsOptional()
  @IsString()
  cursor?: string;
}
