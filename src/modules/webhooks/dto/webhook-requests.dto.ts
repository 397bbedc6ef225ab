import { ListPageQuery } from '../../../common/pagination/list-page.query';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  ArrayMaxSize,
  ArrayMinSize,
  ArrayUnique,
  IsArray,
  IsBoolean,
  IsIn,
  IsOptional,
  IsString,
  MaxLength,
} from 'class-validator';
import { EVENT_TYPES } from '../../../database/outbox';
import { DELIVERY_STATUSES, type DeliveryStatus } from '../entities/webhook-delivery.entity';

const EVENTS_MESSAGE = `Expected event types from: ${EVENT_TYPES.join(', ')}`;

export class CreateWebhookDto {
  @ApiProperty({
    description:
      'Where events are POSTed: https, a public address (hosts in SOKU_WEBHOOK_ALLOWED_HOSTS may also use http).',
    example: 'https://example.com/soku/webhooks',
    maxLength: 2000,
  })
  @IsString()
  url: string;

  @ApiProperty({ enum: EVENT_TYPES, isArray: true, example: ['post.completed'] })
  @IsArray({ message: EVENTS_MESSAGE })
  @ArrayMinSize(1, { message: 'Subscribe to at least one event type' })
  @ArrayUnique({ message: 'Each event type at most once' })
  @IsIn(EVENT_TYPES, { each: true, message: EVENTS_MESSAGE })
  eventTypes: string[];

  @ApiPropertyOptional({ maxLength: 500, example: 'Production receiver' })
  @IsOptional()
  @IsString()
  @MaxLength(500)
  description?: string;
}

export class UpdateWebhookDto {
  @ApiPropertyOptional({ description: 'A new endpoint URL (same rules as on creation).' })
  @IsOptional()
  @IsString()
  url?: string;

  @ApiPropertyOptional({ enum: EVENT_TYPES, isArray: true })
  @IsOptional()
  @IsArray({ message: EVENTS_MESSAGE })
  @ArrayMinSize(1, { message: 'Subscribe to at least one event type' })
  @ArrayMaxSize(EVENT_TYPES.length)
  @ArrayUnique({ message: 'Each event type at most once' })
  @IsIn(EVENT_TYPES, { each: true, message: EVENTS_MESSAGE })
  eventTypes?: string[];

  @ApiPropertyOptional({ maxLength: 500, nullable: true })
  @IsOptional()
  @IsString()
  @MaxLength(500)
  description?: string;

  @ApiPropertyOptional({
    description: 'Re-enable an endpoint disabled by a 410 Gone, or pause one.',
  })
  @IsOptional()
  @IsBoolean()
  enabled?: boolean;
}

export class ListDeliveriesQuery extends ListPageQuery {
  @ApiPropertyOptional({ enum: DELIVERY_STATUSES })
  @IsOptional()
  @IsIn(DELIVERY_STATUSES, { message: `Expected one of: ${DELIVERY_STATUSES.join(', ')}` })
  status?: DeliveryStatus;
}
