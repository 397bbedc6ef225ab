import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsISO8601, IsOptional, IsUUID } from 'class-validator';
import { PLATFORMS, type Platform } from '../../../common/platforms';
import { ListPostsQuery } from './list-posts.query';

/** The admin submission search: the public list's filters plus owner, platform and dates. */
export class SubmissionSearchQuery extends ListPostsQuery {
  @ApiPropertyOptional({ format: 'uuid', description: "Only this user's submissions." })
  @IsOptional()
  @IsUUID('all', { message: 'Expected a user id (UUID)' })
  userId?: string;

  @ApiPropertyOptional({ enum: PLATFORMS, description: 'Submissions with a run on this platform.' })
  @IsOptional()
  @IsIn(PLATFORMS, { message: `Expected one of: ${PLATFORMS.join(', ')}` })
  platform?: Platform;

  @ApiPropertyOptional({ format: 'date-time', description: 'Created at or after this time.' })
  @IsOptional()
  @IsISO8601({ strict: true }, { message: 'Expected an ISO 8601 date-time' })
  createdFrom?: string;

  @ApiPropertyOptional({ format: 'date-time', description: 'Created before this time.' })
  @IsOptional()
  @IsISO8601({ strict: true }, { message: 'Expected an ISO 8601 date-time' })
  createdTo?: string;
}
