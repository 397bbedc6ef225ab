import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsISO8601, IsOptional, IsString, Length } from 'class-validator';
import { PLATFORMS, type Platform } from '../../../common/platforms';

export class AnalyticsQuery {
  @ApiPropertyOptional({
    format: 'date-time',
    description: 'Posts published at or after this time (default: 30 days before `to`).',
  })
  @IsOptional()
  @IsISO8601({ strict: true }, { message: 'Expected an ISO 8601 date-time' })
  from?: string;

  @ApiPropertyOptional({
    format: 'date-time',
    description: 'Posts published before this time (default: now).',
  })
  @IsOptional()
  @IsISO8601({ strict: true }, { message: 'Expected an ISO 8601 date-time' })
  to?: string;

  @ApiPropertyOptional({ enum: PLATFORMS })
  @IsOptional()
  @IsIn(PLATFORMS, { message: `Expected one of: ${PLATFORMS.join(', ')}` })
  platform?: Platform;

  @ApiPropertyOptional({ description: 'Only this connected account (its accountId).' })
  @IsOptional()
  @IsString({ message: 'Expected an account id' })
  @Length(1, 200, { message: 'Expected an account id of 1 to 200 characters' })
  accountId?: string;
}
