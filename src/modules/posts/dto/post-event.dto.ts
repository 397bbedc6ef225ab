import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { EVENT_TYPES } from '../../../database/outbox';
import { EDITABLE_FIELDS } from '../../publishing';
import { PostSubmissionDto } from './post-response.dto';

const POST_EVENT_TYPES = EVENT_TYPES.filter((type) => type.startsWith('post.'));

// A changed value is whatever the field holds: a time, a text, a media object, a list of parts,
// or null for none (OpenAPI 3.0 has no null type: the string alternative is nullable).
const ANY_VALUE = {
  oneOf: [{ type: 'string', nullable: true }, { type: 'object' }, { type: 'array', items: {} }],
};

/** One field a `post.updated` edit changed, with its value before and after (null: none). */
export class PostChangeDto {
  @ApiProperty({
    enum: EDITABLE_FIELDS,
    description:
      '`media` is every media field at once (`videoUrl`, `imageUrls`, `mediaUrls`, `mediaIds`); `overrides` is `content.platformOverrides`.',
  })
  field: string;

  @ApiProperty({ ...ANY_VALUE, description: 'The value before the edit.' })
  from: unknown;

  @ApiProperty({ ...ANY_VALUE, description: 'The value the edit left.' })
  to: unknown;
}

/** A post event's `data`: the post as GET /v1/posts/{id} showed it then, and the event's cause. */
export class PostEventDataDto extends PostSubmissionDto {
  @ApiPropertyOptional({ format: 'uuid', description: 'The run a run or part event is about.' })
  runId?: string;

  @ApiPropertyOptional({
    description:
      'On `post.run.part_failed`: the part that failed, as in `runs[].parts[].position` (1 is the first part after the post).',
  })
  partPosition?: number;

  @ApiPropertyOptional({
    type: [PostChangeDto],
    description:
      'On `post.updated`: the fields the edit changed (edits recorded before this field existed have none).',
  })
  changes?: PostChangeDto[];
}

/** One entry of a post's history: an event, as its webhook carried it. */
export class PostEventDto {
  @ApiProperty({ format: 'uuid' })
  id: string;

  @ApiProperty({ enum: POST_EVENT_TYPES, example: 'post.updated' })
  type: string;

  @ApiProperty({ format: 'date-time' })
  createdAt: string;

  @ApiPropertyOptional({ format: 'uuid', description: 'As `data.runId`.' })
  runId?: string;

  @ApiPropertyOptional({ description: 'As `data.partPosition`.' })
  partPosition?: number;

  @ApiPropertyOptional({ type: [PostChangeDto], description: 'As `data.changes`.' })
  changes?: PostChangeDto[];

  @ApiProperty({ type: PostEventDataDto, description: "The webhook's `data`." })
  data: PostEventDataDto;
}

export class PostEventListDto {
  @ApiProperty({ type: [PostEventDto] })
  data: PostEventDto[];

  @ApiPropertyOptional({
    type: String,
    nullable: true,
    description: 'Pass as `cursor` for the next page; null at the end.',
  })
  nextCursor: string | null;
}
