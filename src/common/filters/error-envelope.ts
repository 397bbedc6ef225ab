import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ERROR_TYPES, type ErrorType } from '../errors/error-codes';

/**
 * What `received` may hold: whatever JSON value the caller sent, null included. OpenAPI 3.0 has
 * no null type and `nullable` needs a sibling `type`, so exactly one member admits null.
 */
export const RECEIVED_VALUE_SCHEMAS = [
  { type: 'string' as const },
  { type: 'number' as const },
  { type: 'boolean' as const },
  { type: 'array' as const, items: {} },
  { type: 'object' as const, additionalProperties: true, nullable: true },
];

export class FieldProblemDto {
  @ApiProperty({
    example: 'body.post.content.platform',
    description: 'Path of the offending field.',
  })
  field: string;

  @ApiProperty({ example: 'Required' })
  message: string;

  @ApiProperty({ example: 'invalid_type', description: 'Machine-readable reason.' })
  code: string;

  @ApiPropertyOptional({
    description: 'The value that was sent, when there was one.',
    oneOf: RECEIVED_VALUE_SCHEMAS,
    example: 'not-a-url',
  })
  received?: unknown;
}

export class ErrorBodyDto {
  @ApiProperty({ enum: ERROR_TYPES, example: 'invalid_request_error' })
  type: ErrorType;

  @ApiProperty({ example: 'validation_error', description: 'Stable machine-readable error code.' })
  code: string;

  @ApiProperty({ example: 'Request validation failed' })
  message: string;

  @ApiProperty({ format: 'date-time', example: '2025-08-29T00:02:14.654Z' })
  timestamp: string;

  @ApiProperty({
    example: 'abb6930d-2b57-4d44-9d63-19d5a9c8d077',
    description: 'The X-Request-ID of the request; quote it when reporting a problem.',
  })
  requestId: string;

  @ApiPropertyOptional({
    description: 'Additional context: for validation errors, one entry per invalid field.',
    oneOf: [
      { type: 'array', items: { $ref: '#/components/schemas/FieldProblemDto' } },
      { type: 'object', additionalProperties: true },
    ],
  })
  details?: unknown;

  @ApiPropertyOptional({
    description: 'Stack trace; only when NODE_ENV=development.',
    type: 'object',
    additionalProperties: true,
  })
  debug?: { name: string; stack?: string };
}

/** The v1 error envelope: `{ "error": { ... } }`. */
export class ErrorEnvelopeDto {
  @ApiProperty({ type: ErrorBodyDto })
  error: ErrorBodyDto;
}

export type ErrorEnvelope = { error: Omit<ErrorBodyDto, 'details'> & { details?: unknown } };
