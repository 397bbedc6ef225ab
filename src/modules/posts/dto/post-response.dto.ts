import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { PLATFORMS } from '../../../common/platforms';
import { OUTCOMES, RUN_STATUSES, SUBMISSION_STATUSES } from '../../publishing';
import { RunDeletionDto } from './run-deletion.dto';
import { RunErrorDto } from './run-error.dto';
import { PARTIAL, PARTS, PostRunPartDto } from './post-parts.dto';

export class CreatedPostDto {
  @ApiProperty({ format: 'uuid', example: '550e8400-e29b-41d4-a716-446655440000' })
  postSubmissionId: string;
}

export class PostRunDto {
  @ApiProperty({ format: 'uuid' })
  id: string;

  @ApiProperty({ enum: PLATFORMS })
  platform: string;

  @ApiProperty({ example: 'ig_creator_main' })
  accountId: string;

  @ApiProperty({ example: 'instagram:ig_creator_main' })
  targetId: string;

  @ApiProperty({ enum: RUN_STATUSES })
  status: string;

  @ApiProperty({ description: 'Publish attempts so far.' })
  attempts: number;

  @ApiProperty({
    type: String,
    nullable: true,
    description: "The platform's id of the published post.",
  })
  platformPostId: string | null;

  @ApiProperty({ type: String, nullable: true, format: 'uri' })
  url: string | null;

  @ApiProperty({
    type: RunErrorDto,
    nullable: true,
    description: 'Why it failed, or why it is waiting to retry.',
  })
  error: RunErrorDto | null;

  @ApiProperty({
    type: String,
    format: 'date-time',
    nullable: true,
    description: 'When the next attempt is due.',
  })
  nextAttemptAt: string | null;

  @ApiProperty({ format: 'date-time' })
  createdAt: string;

  @ApiProperty({ format: 'date-time' })
  updatedAt: string;

  @ApiProperty({ type: String, format: 'date-time', nullable: true })
  finishedAt: string | null;

  @ApiPropertyOptional({
    type: RunDeletionDto,
    description: 'Present once DELETE /v1/posts/{id}/published asked to delete this run.',
  })
  deletion?: RunDeletionDto;
  // Only on posts with a thread or a first comment (issue 22).
  @ApiPropertyOptional({ type: [PostRunPartDto], description: PARTS })
  parts?: PostRunPartDto[];

  @ApiPropertyOptional({ description: PARTIAL })
  partial?: boolean;
}

export class PostOriginDto {
  @ApiProperty({
    format: 'uuid',
    nullable: true,
    description: 'The submission whose published post led here.',
  })
  submissionId: string | null;

  @ApiProperty({ format: 'uuid', nullable: true, description: 'The automation that created it.' })
  automationId: string | null;

  @ApiProperty({ description: 'How many automations led here (1 = created from an API post).' })
  depth: number;
}

export class PostSubmissionDto {
  @ApiProperty({ format: 'uuid' })
  id: string;

  @ApiProperty({ enum: SUBMISSION_STATUSES })
  status: string;

  @ApiProperty({ enum: OUTCOMES, description: '`pending` until every run is terminal.' })
  outcome: string;

  @ApiProperty({ format: 'date-time' })
  scheduledTime: string;

  @ApiProperty({ enum: ['text', 'image', 'video'] })
  mediaType: string;

  @ApiProperty({
    description: 'The post content as submitted (without targeting).',
    type: 'object',
    additionalProperties: true,
  })
  content: Record<string, unknown>;

  @ApiProperty()
  enableRepurposing: boolean;

  @ApiProperty({
    type: PostOriginDto,
    nullable: true,
    description:
      'Set when an automation created this post; null for posts created through the API.',
  })
  origin: PostOriginDto | null;

  @ApiProperty({ format: 'date-time' })
  createdAt: string;

  @ApiProperty({ format: 'date-time' })
  updatedAt: string;

  @ApiProperty({ type: [PostRunDto] })
  runs: PostRunDto[];
}

export class PostListDto {
  @ApiProperty({ type: [PostSubmissionDto] })
  data: PostSubmissionDto[];

  @ApiPropertyOptional({
    type: String,
    nullable: true,
    description: 'Pass as `cursor` for the next page; null at the end.',
  })
  nextCursor: string | null;
}

/** A submission as the admin search shows it: with its owner. */
export class OwnedPostDto extends PostSubmissionDto {
  @ApiProperty({ format: 'uuid', description: 'The user who owns the submission.' })
  userId: string;
}

export class OwnedPostListDto {
  @ApiProperty({ type: [OwnedPostDto] })
  data: OwnedPostDto[];

  @ApiPropertyOptional({
    type: String,
    nullable: true,
    description: 'Pass as `cursor` for the next page; null at the end.',
  })
  nextCursor: string | null;
}

export class ValidationTargetDto {
  @ApiProperty({ enum: PLATFORMS })
  platform: string;

  @ApiProperty()
  accountId: string;

  @ApiProperty()
  targetId: string;

  @ApiProperty()
  sandbox: boolean;
}

export class PostValidationDto {
  @ApiProperty({ description: 'True when the post would be accepted as it is.' })
  valid: boolean;

  @ApiProperty({ type: [ValidationTargetDto], description: 'The targets it would publish to.' })
  targets: ValidationTargetDto[];

  @ApiProperty({
    description: 'Every problem, as `POST /v1/posts` would report it (code and details).',
    type: 'array',
    items: { type: 'object', additionalProperties: true },
  })
  problems: { code: string; message: string; details: unknown }[];
}
