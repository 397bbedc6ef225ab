import { ApiProperty } from '@nestjs/swagger';
import { PLATFORMS, type Platform } from '../../../common/platforms';
import { INTEGRATION_STATUSES, type IntegrationStatus } from '../connected-account';

export class IntegrationDto {
  @ApiProperty({ format: 'uuid', example: '4f1c2b8e-2f7a-4c51-9d0e-6f3a1b2c3d4e' })
  id: string;

  @ApiProperty({
    format: 'uuid',
    description:
      "The profile the account was connected into; the default profile's id is the user's id.",
    example: '9b2f4c1a-6d3e-4a8b-b5c7-1e2d3f4a5b6c',
  })
  profileId: string;

  @ApiProperty({ enum: PLATFORMS, example: 'instagram' })
  platform: Platform;

  @ApiProperty({
    description: 'The id to use in `platform` targeting: the platform account id, or an alias.',
    example: 'ig_creator_main',
  })
  accountId: string;

  @ApiProperty({
    description: "The platform's own id for the account.",
    example: '17841400000000000',
  })
  platformAccountId: string;

  @ApiProperty({ type: String, nullable: true, example: 'Creator Main' })
  displayName: string | null;

  @ApiProperty({ type: String, nullable: true, example: 'creator.main' })
  handle: string | null;

  @ApiProperty({
    enum: INTEGRATION_STATUSES,
    description: '`needs_reauth`: the platform rejected the grant; connect the account again.',
    example: 'connected',
  })
  status: IntegrationStatus;

  @ApiProperty({
    description: 'Sandbox accounts record posts instead of publishing.',
    example: false,
  })
  sandbox: boolean;

  @ApiProperty({ type: [String], example: ['instagram_basic', 'instagram_content_publish'] })
  scopes: string[];

  @ApiProperty({
    type: String,
    format: 'date-time',
    nullable: true,
    description: 'When the access token expires; null when it does not.',
    example: '2026-01-15T10:00:00.000Z',
  })
  expiresAt: string | null;

  @ApiProperty({
    type: 'object',
    additionalProperties: true,
    description:
      'Platform details: page id, Instagram user id, LinkedIn URN, TikTok creator info, …',
    example: { igUserId: '17841400000000000', pageId: '104000000000000' },
  })
  metadata: Record<string, unknown>;

  @ApiProperty({
    type: String,
    nullable: true,
    description: "The last refresh or platform error, in the platform's words.",
    example: null,
  })
  lastError: string | null;

  @ApiProperty({ type: String, format: 'date-time', nullable: true, example: null })
  lastErrorAt: string | null;

  @ApiProperty({ format: 'date-time', example: '2025-11-29T10:00:00.000Z' })
  createdAt: string;

  @ApiProperty({ format: 'date-time', example: '2025-11-29T10:00:00.000Z' })
  updatedAt: string;
}

export class IntegrationListDto {
  @ApiProperty({ type: [IntegrationDto] })
  integrations: IntegrationDto[];
}

export class DisconnectedIntegrationDto {
  @ApiProperty({ enum: [true], example: true })
  disconnected: true;

  @ApiProperty({ format: 'uuid', example: '4f1c2b8e-2f7a-4c51-9d0e-6f3a1b2c3d4e' })
  id: string;
}

export class ConnectStartedDto {
  @ApiProperty({
    description: "Send the user's browser here. Its `state` works once, for 10 minutes.",
    example: 'https://x.com/i/oauth2/authorize?client_id=…&state=…&code_challenge=…',
  })
  authorizationUrl: string;

  @ApiProperty({ format: 'date-time', example: '2025-11-29T10:10:00.000Z' })
  expiresAt: string;
}
