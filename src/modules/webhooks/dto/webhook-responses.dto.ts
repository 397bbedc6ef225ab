import { ApiProperty } from '@nestjs/swagger';
import { EVENT_TYPES } from '../../../database/outbox';
import { DELIVERY_STATUSES } from '../entities/webhook-delivery.entity';

export class WebhookDto {
  @ApiProperty({ format: 'uuid' })
  id: string;

  @ApiProperty()
  url: string;

  @ApiProperty({ nullable: true, type: String })
  description: string | null;

  @ApiProperty({ enum: EVENT_TYPES, isArray: true })
  eventTypes: string[];

  @ApiProperty({ description: 'False once disabled (by you, or by a 410 Gone from the endpoint).' })
  enabled: boolean;

  @ApiProperty({ nullable: true, type: String, description: 'Why the endpoint was disabled.' })
  disabledReason: string | null;

  @ApiProperty({ format: 'date-time' })
  createdAt: string;

  @ApiProperty({ format: 'date-time' })
  updatedAt: string;
}

export class WebhookWithSecretDto extends WebhookDto {
  @ApiProperty({
    description:
      'The signing secret (Standard Webhooks, `whsec_` + base64). Shown only in this response: store it now.',
    example: 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw',
  })
  secret: string;
}

export class WebhookListDto {
  @ApiProperty({ type: [WebhookDto] })
  data: WebhookDto[];

  @ApiProperty({ nullable: true, type: String, description: 'Pass as `cursor` for the next page.' })
  nextCursor: string | null;
}

export class WebhookDeliveryDto {
  @ApiProperty({ format: 'uuid' })
  id: string;

  @ApiProperty({ format: 'uuid' })
  webhookId: string;

  @ApiProperty({ format: 'uuid', description: 'The event id: the `webhook-id` of every attempt.' })
  eventId: string;

  @ApiProperty({ enum: EVENT_TYPES })
  eventType: string;

  @ApiProperty({ enum: DELIVERY_STATUSES })
  status: string;

  @ApiProperty({ description: 'Attempts made so far.' })
  attempts: number;

  @ApiProperty({ format: 'date-time', nullable: true, type: String, description: 'While pending.' })
  nextAttemptAt: string | null;

  @ApiProperty({ format: 'date-time', nullable: true, type: String })
  lastAttemptAt: string | null;

  @ApiProperty({ nullable: true, type: Number, description: "The endpoint's last HTTP status." })
  lastStatusCode: number | null;

  @ApiProperty({ nullable: true, type: String })
  lastError: string | null;

  @ApiProperty({ format: 'date-time' })
  createdAt: string;

  @ApiProperty({ format: 'date-time' })
  updatedAt: string;
}

export class WebhookDeliveryListDto {
  @ApiProperty({ type: [WebhookDeliveryDto] })
  data: WebhookDeliveryDto[];

  @ApiProperty({ nullable: true, type: String, description: 'Pass as `cursor` for the next page.' })
  nextCursor: string | null;
}
