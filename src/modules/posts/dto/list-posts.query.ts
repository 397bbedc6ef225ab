import { ListPageQuery } from '../../../common/pagination/list-page.query';
import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsISO8601, IsOptional } from 'class-validator';
import {
  type Outcome,
  OUTCOMES,
  SUBMISSION_STATUSES,
  type SubmissionStatus,
} from '../../publishing';

export class ListPostsQuery extends ListPageQuery {
  @ApiPropertyOptional({ enum: SUBMISSION_STATUSES })
  @IsOptional()
  @IsIn(SUBMISSION_STATUSES, { message: `Expected one of: ${SUBMISSION_STATUSES.join(', ')}` })
  status?: SubmissionStatus;

  @ApiPropertyOptional({ enum: OUTCOMES })
  @IsOptional()
  @IsIn(OUTCOMES, { message: `Expected one of: ${OUTCOMES.join(', ')}` })
  outcome?: Outcome;

  // A calendar asks for the posts of the days it shows; a post sent at once has its creation time.
  @ApiPropertyOptional({
    format: 'date-time',
    description:
      'Posts whose `scheduledTime` is at or after this time (an immediate post is scheduled when it was created).',
  })
  @IsOptional()
  @IsISO8601({ strict: true }, { message: 'Expected an ISO 8601 date-time' })
  scheduledFrom?: string;

  @ApiPropertyOptional({
    format: 'date-time',
    description: 'Posts whose `scheduledTime` is before this time; must be after `scheduledFrom`.',
  })
  @IsOptional()
  @IsISO8601({ strict: true }, { message: 'Expected an ISO 8601 date-time' })
  scheduledTo?: string;
}
