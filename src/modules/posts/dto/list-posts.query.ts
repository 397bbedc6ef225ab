import { ListPageQuery } from '../../../common/pagination/list-page.query';
import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional } from 'class-validator';
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
}
