import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  ArrayMaxSize,
  ArrayUnique,
  IsArray,
  IsIn,
  IsISO8601,
  IsOptional,
  IsString,
  Length,
  Matches,
} from 'class-validator';
import { PLATFORM_VALUES } from '../../../common/platforms';

const PLATFORM_MESSAGE = `Must be one of: ${PLATFORM_VALUES.join(', ')}`;
export const ACCOUNT_ID_PATTERN = /^[A-Za-z0-9_.:@-]{1,128}$/;
const ACCOUNT_ID_MESSAGE = '1 to 128 letters, digits or _ . : @ -';

export class PlatformParamDto {
  @ApiProperty({ enum: PLATFORM_VALUES, example: 'x' })
  @IsIn(PLATFORM_VALUES, { message: PLATFORM_MESSAGE })
  platform: string;
}

export class IntegrationParamDto extends PlatformParamDto {
  @ApiProperty({ description: 'The accountId (platform id or alias).', example: 'ig_creator_main' })
  @IsString()
  @Length(1, 128, { message: 'Must be 1 to 128 characters' })
  accountId: string;
}

export class ListIntegrationsQueryDto {
  @ApiPropertyOptional({
    enum: PLATFORM_VALUES,
    description: 'Only this platform.',
    example: 'instagram',
  })
  @IsOptional()
  @IsIn(PLATFORM_VALUES, { message: PLATFORM_MESSAGE })
  platform?: string;
}

export class RenameIntegrationDto {
  @ApiProperty({
    description: `The new accountId to target this account by (${ACCOUNT_ID_MESSAGE}); unique per platform.`,
    example: 'ig_creator_main',
    pattern: ACCOUNT_ID_PATTERN.source,
  })
  @IsString({ message: 'Expected string' })
  @Matches(ACCOUNT_ID_PATTERN, { message: `Must be ${ACCOUNT_ID_MESSAGE}` })
  accountId: string;
}

export class CreateSandboxAccountsDto {
  @ApiPropertyOptional({
    enum: PLATFORM_VALUES,
    isArray: true,
    description: 'Platforms to create a sandbox account for; all of them when omitted.',
    example: ['x', 'instagram'],
  })
  @IsOptional()
  @IsArray({ message: 'Expected array' })
  @ArrayMaxSize(PLATFORM_VALUES.length)
  @ArrayUnique()
  @IsIn(PLATFORM_VALUES, { each: true, message: PLATFORM_MESSAGE })
  platforms?: string[];
}

/** "Bring your own token": an account added with a token obtained elsewhere. */
export class AddIntegrationWithTokenDto {
  @ApiProperty({ enum: PLATFORM_VALUES, example: 'instagram' })
  @IsIn(PLATFORM_VALUES, { message: PLATFORM_MESSAGE })
  platform: string;

  @ApiProperty({
    description:
      'An access token for the account. Facebook and Instagram: a user token with the Pages permissions; every Page (or linked Instagram account) it manages is added with its Page token.',
    example: 'EAAB…',
  })
  @IsString({ message: 'Expected string' })
  @Length(1, 4096, { message: 'Must be 1 to 4096 characters' })
  accessToken: string;

  @ApiPropertyOptional({ description: 'Its refresh token, where the platform has one.' })
  @IsOptional()
  @IsString({ message: 'Expected string' })
  @Length(1, 4096, { message: 'Must be 1 to 4096 characters' })
  refreshToken?: string;

  @ApiPropertyOptional({
    description: 'When the access token expires (ISO 8601).',
    example: '2027-01-31T00:00:00Z',
  })
  @IsOptional()
  @IsISO8601({ strict: true }, { message: 'Must be an ISO 8601 date-time' })
  expiresAt?: string;

  @ApiPropertyOptional({
    description:
      "Only this one of the token's accounts (the platform's id, e.g. a Page id or IG user id); all of them when omitted.",
    example: '17841400000000001',
  })
  @IsOptional()
  @IsString({ message: 'Expected string' })
  @Length(1, 128, { message: 'Must be 1 to 128 characters' })
  platformAccountId?: string;

  @ApiPropertyOptional({
    description: `The accountId to target the account by (${ACCOUNT_ID_MESSAGE}); the platform's id when omitted. Only for a token that gives one account, or with platformAccountId.`,
    example: 'ig_creator_main',
    pattern: ACCOUNT_ID_PATTERN.source,
  })
  @IsOptional()
  @IsString({ message: 'Expected string' })
  @Matches(ACCOUNT_ID_PATTERN, { message: `Must be ${ACCOUNT_ID_MESSAGE}` })
  accountId?: string;
}
