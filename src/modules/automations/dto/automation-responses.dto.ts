import { ApiExtraModels, ApiProperty } from '@nestjs/swagger';
import { RUN_STATUSES } from '../automation-run';
import { ACTION_MODELS, ACTION_SCHEMA } from './automation-actions.dto';
import { TRIGGER_EVENTS } from './automation-requests.dto';

export class AutomationTriggerViewDto {
  @ApiProperty({ enum: TRIGGER_EVENTS })
  event: 'post.published';

  @ApiProperty({ example: 'x' })
  platform: string;

  @ApiProperty({ nullable: true, type: String, description: 'Null: any of your accounts on it.' })
  accountId: string | null;

  @ApiProperty({ description: 'Only posts created with `enableRepurposing: true`.' })
  requireEnableRepurposing: boolean;
}

@ApiExtraModels(...ACTION_MODELS)
export class AutomationDto {
  @ApiProperty({ format: 'uuid' })
  id: string;

  @ApiProperty()
  name: string;

  @ApiProperty()
  enabled: boolean;

  @ApiProperty({ type: AutomationTriggerViewDto })
  trigger: AutomationTriggerViewDto;

  @ApiProperty(ACTION_SCHEMA)
  action: unknown;

  @ApiProperty({ format: 'date-time' })
  createdAt: string;

  @ApiProperty({ format: 'date-time' })
  updatedAt: string;
}

export class AutomationListDto {
  @ApiProperty({ type: [AutomationDto] })
  data: AutomationDto[];

  @ApiProperty({ nullable: true, type: String, description: 'Pass as `cursor` for the next page.' })
  nextCursor: string | null;
}

export class AutomationRunDto {
  @ApiProperty({ format: 'uuid' })
  id: string;

  @ApiProperty({ format: 'uuid' })
  automationId: string;

  @ApiProperty({
    enum: RUN_STATUSES,
    description:
      '`skipped`: nothing to do (the automation was disabled meanwhile, or every target already carries the post).',
  })
  status: string;

  @ApiProperty({ format: 'uuid', description: 'The `post.run.succeeded` event that triggered it.' })
  eventId: string;

  @ApiProperty({ format: 'uuid', nullable: true, type: String, description: 'The published post.' })
  originSubmissionId: string | null;

  @ApiProperty({ format: 'uuid', nullable: true, type: String, description: 'Its published run.' })
  originRunId: string | null;

  @ApiProperty({
    format: 'uuid',
    nullable: true,
    type: String,
    description: 'The post the automation created (GET /v1/posts/{id}).',
  })
  submissionId: string | null;

  @ApiProperty({ nullable: true, type: String, description: 'Why it failed or was skipped.' })
  error: string | null;

  @ApiProperty({ description: 'Attempts made so far.' })
  attempts: number;

  @ApiProperty({ format: 'date-time' })
  createdAt: string;

  @ApiProperty({ format: 'date-time' })
  updatedAt: string;
}

export class AutomationRunListDto {
  @ApiProperty({ type: [AutomationRunDto] })
  data: AutomationRunDto[];

  @ApiProperty({ nullable: true, type: String, description: 'Pass as `cursor` for the next page.' })
  nextCursor: string | null;
}
