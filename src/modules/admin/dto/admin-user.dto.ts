import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  IsIn,
  IsInt,
  IsISO8601,
  IsOptional,
  IsString,
  Length,
  Max,
  Min,
  ValidateIf,
} from 'class-validator';
import { SUBSCRIPTION_STATUSES, type SubscriptionStatus } from '../../auth';

export class AdminSubscriptionDto {
  @ApiProperty({ enum: SUBSCRIPTION_STATUSES })
  status: string;

  @ApiProperty({ format: 'date-time', nullable: true, type: String })
  currentPeriodEnd: string | null;
}

export class AdminUserDto {
  @ApiProperty({ format: 'uuid' })
  id: string;

  @ApiProperty({ type: String, nullable: true })
  email: string | null;

  @ApiProperty()
  isAdmin: boolean;

  @ApiProperty({
    format: 'date-time',
    nullable: true,
    type: String,
    description: 'When an admin disabled the user; their API keys and ID tokens answer 401.',
  })
  disabledAt: string | null;

  @ApiProperty({ type: AdminSubscriptionDto, nullable: true })
  subscription: AdminSubscriptionDto | null;

  @ApiProperty({ example: 100, description: 'AI credits available now.' })
  credits: number;

  @ApiProperty({ format: 'date-time' })
  createdAt: string;
}

export class AdminUserListDto {
  @ApiProperty({ type: [AdminUserDto] })
  data: AdminUserDto[];

  @ApiPropertyOptional({
    type: String,
    nullable: true,
    description: 'Pass as `cursor` for the next page; null at the end.',
  })
  nextCursor: string | null;
}

export class SetSubscriptionDto {
  @ApiProperty({
    enum: SUBSCRIPTION_STATUSES,
    nullable: true,
    type: String,
    description: '`null` removes the subscription.',
  })
  @ValidateIf((body: SetSubscriptionDto) => body.status !== null)
  @IsIn(SUBSCRIPTION_STATUSES, {
    message: `Expected one of: ${SUBSCRIPTION_STATUSES.join(', ')}, or null`,
  })
  status: SubscriptionStatus | null;

  @ApiPropertyOptional({ format: 'date-time', nullable: true, type: String })
  @IsOptional()
  @IsISO8601({ strict: true }, { message: 'Expected an ISO 8601 date-time' })
  currentPeriodEnd?: string | null;
}

export class GrantCreditsDto {
  @ApiProperty({ minimum: 1, maximum: 1_000_000, example: 100 })
  @Type(() => Number)
  @IsInt({ message: 'Expected an integer from 1 to 1000000' })
  @Min(1, { message: 'Expected an integer from 1 to 1000000' })
  @Max(1_000_000, { message: 'Expected an integer from 1 to 1000000' })
  amount: number;

  @ApiProperty({ example: 'support goodwill', description: 'Shown in the ledger.' })
  @IsString()
  @Length(1, 200)
  reason: string;
}

export class GrantedCreditsDto {
  @ApiProperty({ example: 200, description: 'The balance after the grant.' })
  balance: number;
}

export class ForceReauthDto {
  @ApiPropertyOptional({
    example: 'Token reported leaked',
    description: "Stored as the integration's `lastError`.",
  })
  @IsOptional()
  @IsString()
  @Length(1, 500)
  reason?: string;
}
