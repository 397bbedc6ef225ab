import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  Allow,
  IsBoolean,
  IsDefined,
  IsIn,
  IsObject,
  IsOptional,
  IsString,
  MaxLength,
  MinLength,
  ValidateNested,
} from 'class-validator';
import type { FieldProblem } from '../../../common/errors';
import { PLATFORM_VALUES } from '../../../common/platforms';
import { ListPageQuery } from '../../../common/pagination/list-page.query';
import { parseAction } from '../automation-action';
import { RUN_STATUSES, type RunStatus } from '../automation-run';
import { ACTION_SCHEMA } from './automation-actions.dto';

export const TRIGGER_EVENTS = ['post.published'] as const;

export class AutomationTriggerDto {
  @ApiProperty({
    enum: TRIGGER_EVENTS,
    description: 'A run of a post succeeded (the post is live on the platform).',
  })
  @IsIn(TRIGGER_EVENTS, { message: `Expected one of: ${TRIGGER_EVENTS.join(', ')}` })
  event: 'post.published';

  @ApiProperty({ enum: PLATFORM_VALUES, example: 'x' })
  @IsIn(PLATFORM_VALUES, { message: `Expected one of: ${PLATFORM_VALUES.join(', ')}` })
  platform: string;

  @ApiPropertyOptional({
    description: 'Only posts published by this account (default: any of yours on the platform).',
    example: 'x_main',
  })
  @IsOptional()
  @IsString({ message: 'Expected string' })
  @MaxLength(200)
  accountId?: string;

  @ApiPropertyOptional({
    default: false,
    description:
      'Only posts you created with `enableRepurposing: true`, never posts other automations made. API posts without the flag never trigger any automation.',
  })
  @IsOptional()
  @IsBoolean({ message: 'Expected boolean' })
  requireEnableRepurposing?: boolean;
}

export class CreateAutomationDto {
  @ApiProperty({ minLength: 1, maxLength: 200, example: 'X to LinkedIn' })
  @IsString({ message: 'Expected string' })
  @MinLength(1)
  @MaxLength(200)
  name: string;

  @ApiPropertyOptional({ default: true })
  @IsOptional()
  @IsBoolean({ message: 'Expected boolean' })
  enabled?: boolean;

  @ApiProperty({ type: AutomationTriggerDto })
  @IsDefined()
  @IsObject({ message: 'Expected an object' })
  @ValidateNested()
  @Type(() => AutomationTriggerDto)
  trigger: AutomationTriggerDto;

  @ApiProperty(ACTION_SCHEMA)
  @Allow()
  action: unknown;

  static validateRaw(value: unknown, location: string): FieldProblem[] {
    return parseAction((value as { action?: unknown }).action, `${location}.action`).problems;
  }
}

export class UpdateAutomationDto {
  @ApiPropertyOptional({ minLength: 1, maxLength: 200 })
  @IsOptional()
  @IsString({ message: 'Expected string' })
  @MinLength(1)
  @MaxLength(200)
  name?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsBoolean({ message: 'Expected boolean' })
  enabled?: boolean;

  @ApiPropertyOptional({ type: AutomationTriggerDto, description: 'Replaces the whole trigger.' })
  @IsOptional()
  @IsObject({ message: 'Expected an object' })
  @ValidateNested()
  @Type(() => AutomationTriggerDto)
  trigger?: AutomationTriggerDto;

  @ApiPropertyOptional({ ...ACTION_SCHEMA, description: 'Replaces the whole action.' })
  @Allow()
  action?: unknown;

  static validateRaw(value: unknown, location: string): FieldProblem[] {
    const action = (value as { action?: unknown }).action;
    return action === undefined ? [] : parseAction(action, `${location}.action`).problems;
  }
}

export class ListAutomationRunsQuery extends ListPageQuery {
  @ApiPropertyOptional({ enum: RUN_STATUSES })
  @IsOptional()
  @IsIn(RUN_STATUSES, { message: `Expected one of: ${RUN_STATUSES.join(', ')}` })
  status?: RunStatus;
}
