import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { RECEIVED_VALUE_SCHEMAS } from '../../../common/filters/error-envelope';
import { CreatePostDto } from '../dto/create-post.dto';

export const MAX_BULK_ROWS = 500;

export class BulkRowErrorDto {
  @ApiProperty({ example: 'rows[3].post.content.text' })
  field: string;

  @ApiProperty({
    description:
      'The code POST /v1/posts gives this problem in `details` (`too_big`, `invalid_string`, …); `missing_integrations` for a target without an account (see `reason`); `idempotency_conflict` for a rowKey already used with another row.',
    example: 'too_big',
  })
  code: string;

  @ApiProperty({ example: 'X allows at most 280 characters (got 301)' })
  message: string;

  @ApiPropertyOptional({
    description: 'The value that was sent, when there was one.',
    oneOf: RECEIVED_VALUE_SCHEMAS,
  })
  received?: unknown;

  @ApiPropertyOptional({
    enum: ['not_connected', 'account_not_found', 'account_required', 'needs_reauth'],
  })
  reason?: string;

  @ApiPropertyOptional({ description: 'CSV only: the column of the problem.', example: 'text' })
  column?: string;

  @ApiPropertyOptional({ description: 'CSV only: the 1-based line the record starts on.' })
  line?: number;
}

export class BulkRowEnvelopeErrorDto {
  @ApiProperty({
    description: 'The error code POST /v1/posts would answer for this body.',
    enum: ['validation_error', 'missing_integrations', 'idempotency_conflict'],
  })
  code: string;

  @ApiProperty({ example: 'Request validation failed' })
  message: string;
}

export class BulkRowResultDto {
  @ApiProperty({ description: '0-based index of the row (`rows[i]` in field paths).' })
  row: number;

  @ApiPropertyOptional({ description: 'CSV only: the 1-based line the record starts on.' })
  line?: number;

  @ApiProperty({ enum: ['created', 'invalid'] })
  status: 'created' | 'invalid';

  @ApiPropertyOptional({ format: 'uuid', description: 'The post, as POST /v1/posts answers it.' })
  postId?: string;

  @ApiPropertyOptional({
    description:
      "True when the row's key had already created this post: nothing was created again.",
  })
  replayed?: boolean;

  @ApiPropertyOptional({ type: BulkRowEnvelopeErrorDto })
  error?: BulkRowEnvelopeErrorDto;

  @ApiPropertyOptional({ type: [BulkRowErrorDto] })
  errors?: BulkRowErrorDto[];
}

export class BulkResultDto {
  @ApiProperty({ description: 'Rows answered `created` (replays included).' })
  created: number;

  @ApiProperty({ description: 'Rows answered `invalid`: nothing was created for them.' })
  invalid: number;

  @ApiProperty({ type: [BulkRowResultDto], description: 'One per row, in row order.' })
  results: BulkRowResultDto[];
}

/** One JSON row: a POST /v1/posts body and, optionally, the row's own idempotency key. */
export class BulkPostRowDto extends CreatePostDto {
  @ApiPropertyOptional({
    minLength: 1,
    maxLength: 255,
    description:
      "Makes this row idempotent across requests: a row with a rowKey already used answers the post it created (`replayed: true`). Without it the key is the request's Idempotency-Key (sent or derived) and the row index.",
  })
  rowKey?: string;
}
