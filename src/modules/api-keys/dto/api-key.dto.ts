import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsString, IsUUID, Length } from 'class-validator';

export class CreateApiKeyDto {
  @ApiPropertyOptional({
    description: 'A human-readable name (1–100 characters); null or omitted: no name.',
    example: 'My Production Key',
    type: String,
    nullable: true,
    minLength: 1,
    maxLength: 100,
  })
  @IsOptional()
  @IsString({ message: 'Expected string' })
  @Length(1, 100, { message: 'Must be 1 to 100 characters' })
  name?: string;

  @ApiPropertyOptional({
    description: 'Bind the key to one of your profiles: it can act in that profile only.',
    format: 'uuid',
    type: String,
    nullable: true,
  })
  @IsOptional()
  @IsUUID('all', { message: 'Expected a profile id (UUID)' })
  profileId?: string | null;
}

export class CreatedApiKeyDto {
  @ApiProperty({ description: 'The key. Shown only once: store it now.', example: 'sk_live_…' })
  apiKey: string;
}

export class ApiKeySummaryDto {
  @ApiProperty({ description: 'SHA-256 hex of the key; use it to revoke.', example: 'a1b2c3…' })
  id: string;

  @ApiProperty({ type: String, nullable: true, example: 'My Production Key' })
  name: string | null;

  @ApiProperty({ format: 'date-time', example: '2025-01-15T10:00:00Z' })
  createdAt: string;

  @ApiProperty({ type: String, format: 'date-time', nullable: true, example: null })
  revokedAt: string | null;

  @ApiProperty({
    type: String,
    format: 'uuid',
    nullable: true,
    description: 'The profile the key is bound to; null: it may act in any of your profiles.',
  })
  profileId: string | null;

  @ApiProperty({
    type: String,
    format: 'date-time',
    nullable: true,
    description: 'Last use, to the minute.',
    example: '2025-01-16T08:30:00Z',
  })
  lastUsedAt: string | null;

  @ApiProperty({ example: 'sk_live_********c3d4' })
  tokenPreview: string;
}

export class ApiKeyListDto {
  @ApiProperty({ type: [ApiKeySummaryDto] })
  keys: ApiKeySummaryDto[];
}

export class RevokedApiKeyDto {
  @ApiProperty({ enum: [true], example: true })
  revoked: true;
}
