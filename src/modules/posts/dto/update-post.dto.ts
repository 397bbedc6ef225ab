import { ApiPropertyOptional, PickType } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { Allow, IsObject, IsOptional, ValidateNested } from 'class-validator';
import type { FieldProblem } from '../../../common/errors';
import { parseScheduledTime } from '../scheduled-time';
import { PostContentDto } from './create-post.dto';

/** The content fields an edit may replace; the targets stay those of the post. */
export class UpdatePostContentDto extends PickType(PostContentDto, [
  'text',
  'videoUrl',
  'imageUrls',
  'mediaUrls',
  'mediaIds',
  'platformOverrides',
] as const) {}

export class UpdatePostBodyDto {
  @ApiPropertyOptional({
    type: UpdatePostContentDto,
    description:
      'Each field sent replaces the stored one; sending any media field (videoUrl, imageUrls, mediaUrls, mediaIds) replaces all the media, and platformOverrides replaces every override.',
  })
  @IsOptional()
  @IsObject({ message: 'Expected an object' })
  @ValidateNested()
  @Type(() => UpdatePostContentDto)
  content?: UpdatePostContentDto;
}

export class UpdatePostDto {
  @ApiPropertyOptional({ type: UpdatePostBodyDto })
  @IsOptional()
  @IsObject({ message: 'Expected an object' })
  @ValidateNested()
  @Type(() => UpdatePostBodyDto)
  post?: UpdatePostBodyDto;

  @ApiPropertyOptional({
    type: String,
    format: 'date-time',
    nullable: true,
    description:
      'The new time: ISO 8601 with a time zone, at least 1 minute ahead; null publishes now. Omitted: unchanged.',
    example: '2025-09-01T09:30:00Z',
  })
  @Allow()
  scheduledTime?: string | null;

  /** scheduledTime, when sent, by the rule of create. */
  static validateRaw(value: unknown, location: string): FieldProblem[] {
    const body = value as { scheduledTime?: unknown };
    const scheduled = parseScheduledTime(body.scheduledTime);
    return 'problem' in scheduled
      ? [
          {
            field: `${location}.scheduledTime`,
            message: scheduled.problem,
            code: 'invalid_string',
            received: body.scheduledTime,
          },
        ]
      : [];
  }
}
