import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  ArrayMaxSize,
  ArrayUnique,
  IsArray,
  IsIn,
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
