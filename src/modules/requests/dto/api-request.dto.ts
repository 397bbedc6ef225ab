import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsString, MaxLength } from 'class-validator';
import { ListPageQuery } from '../../../common/pagination/list-page.query';

/** The common `?limit&cursor`, worded for the request log, its cursor bounded as it always was. */
export class ListRequestsQueryDto extends ListPageQuery {
  @ApiPropertyOptional({ description: 'Page size.' })
  declare limit?: number;

  @ApiPropertyOptional({
    description: 'The `nextCursor` of the previous page; omit it for the newest requests.',
  })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  declare cursor?: string;
}

export class ApiRequestDto {
  @ApiProperty({ format: 'uuid' })
  id: string;

  @ApiProperty({ example: 'POST' })
  method: string;

  @ApiProperty({
    example: '/v1/posts',
    description: 'The route template, or the path when no route matched.',
  })
  route: string;

  @ApiProperty({ example: 201 })
  status: number;

  @ApiProperty({ description: 'The X-Request-ID of the request.' })
  requestId: string;

  @ApiProperty({ type: String, nullable: true, description: 'The Idempotency-Key used, if any.' })
  idempotencyKey: string | null;

  @ApiProperty({ example: 12.5, description: 'Time to the last byte of the response, in ms.' })
  latencyMs: number;

  @ApiProperty({ type: String, nullable: true, example: '203.0.113.7' })
  ip: string | null;

  @ApiProperty({ type: String, nullable: true })
  userAgent: string | null;

  @ApiProperty({
    type: String,
    nullable: true,
    description: 'Id of the API key used (see GET /v1/api-keys); null for an ID token.',
  })
  apiKeyId: string | null;

  @ApiProperty({ format: 'date-time', description: 'When the request arrived.' })
  createdAt: string;
}

export class ApiRequestListDto {
  @ApiProperty({ type: [ApiRequestDto], description: 'Newest first.' })
  requests: ApiRequestDto[];

  @ApiProperty({
    type: String,
    nullable: true,
    description: 'Pass as `cursor` for the next page; null on the last page.',
  })
  nextCursor: string | null;
}
