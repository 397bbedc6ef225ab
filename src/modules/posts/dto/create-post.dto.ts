import { ApiProperty, ApiPropertyOptional, getSchemaPath } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  Allow,
  ArrayMaxSize,
  IsArray,
  IsBoolean,
  IsDefined,
  IsIn,
  IsObject,
  IsOptional,
  IsString,
  IsUrl,
  MaxLength,
  ValidateNested,
} from 'class-validator';
import type { FieldProblem } from '../../../common/errors';
import { PLATFORM_VALUES } from '../../../common/platforms';
import { parseScheduledTime } from '../scheduled-time';
import { parseTargets } from '../targeting/parse-targets';
import { MAX_MEDIA, URL_OPTIONS, urlEachMessage, urlMessage } from './media-url-rules';
import { PlatformOptionsDto } from './platform-options.dto';
import { PlatformOverridesDto } from './platform-overrides.dto';
import {
  FIRST_COMMENT,
  FirstCommentDto,
  MAX_THREAD_PARTS,
  THREAD,
  THREAD_FALLBACK,
  THREAD_FALLBACKS,
  ThreadPartDto,
} from './post-parts.dto';

const OWN_MEDIA_URLS =
  " Remote URLs are imported when the post is due. A URL Soku handed out (a media or render URL) is that media, not downloaded; it must be your own: another user's is refused (`media_unavailable`).";

export class TargetObjectDto {
  @ApiProperty({ enum: PLATFORM_VALUES, example: 'instagram' })
  platform: string;

  @ApiPropertyOptional({
    description: 'Required when you have several accounts on the platform.',
    example: 'ig_creator_main',
  })
  accountId?: string;

  @ApiPropertyOptional({ description: 'Deduplication key; defaults to `{platform}:{accountId}`.' })
  targetId?: string;
}

export class PostContentDto {
  @ApiPropertyOptional({
    description: 'The text of the post.',
    example: 'Hello from the Soku API!',
    maxLength: 100_000,
  })
  @IsOptional()
  @IsString({ message: 'Expected string' })
  @MaxLength(100_000)
  text?: string;

  @ApiProperty({
    description:
      'Where to publish: a platform name, an object `{platform, accountId?, targetId?}`, or an array mixing both. `facebook_pages` = `facebook`.',
    oneOf: [
      { type: 'string', enum: [...PLATFORM_VALUES] },
      { $ref: getSchemaPath(TargetObjectDto) },
      {
        type: 'array',
        minItems: 1,
        maxItems: 50,
        items: {
          oneOf: [
            { type: 'string', enum: [...PLATFORM_VALUES] },
            { $ref: getSchemaPath(TargetObjectDto) },
          ],
        },
      },
    ],
    example: ['x', 'threads'],
  })
  @Allow()
  platform: unknown;

  @ApiPropertyOptional({
    enum: ['video', 'image', 'text'],
    description: 'Auto-detected if omitted.',
  })
  @IsOptional()
  @IsIn(['video', 'image', 'text'], { message: 'Expected one of: video, image, text' })
  mediaType?: 'video' | 'image' | 'text';

  @ApiPropertyOptional({
    format: 'uri',
    example: 'https://example.com/video.mp4',
    description: OWN_MEDIA_URLS,
  })
  @IsOptional()
  @IsUrl(URL_OPTIONS, urlMessage)
  videoUrl?: string;

  @ApiPropertyOptional({
    type: [String],
    format: 'uri',
    description: `Images (carousel / multi-image posts).${OWN_MEDIA_URLS}`,
  })
  @IsOptional()
  @IsArray({ message: 'Expected an array of URLs' })
  @ArrayMaxSize(MAX_MEDIA)
  @IsUrl(URL_OPTIONS, urlEachMessage)
  imageUrls?: string[];

  @ApiPropertyOptional({
    type: [String],
    format: 'uri',
    description: `Generic media URLs.${OWN_MEDIA_URLS}`,
  })
  @IsOptional()
  @IsArray({ message: 'Expected an array of URLs' })
  @ArrayMaxSize(MAX_MEDIA)
  @IsUrl(URL_OPTIONS, urlEachMessage)
  mediaUrls?: string[];

  @ApiPropertyOptional({ type: [String], description: 'Ids of your media from /v1/media.' })
  @IsOptional()
  @IsArray({ message: 'Expected an array of media ids' })
  @ArrayMaxSize(MAX_MEDIA)
  @IsString({ each: true, message: 'Expected string' })
  mediaIds?: string[];

  @ApiPropertyOptional({ format: 'uri' })
  @IsOptional()
  @IsUrl(URL_OPTIONS, urlMessage)
  originalImageUrl?: string;

  @ApiPropertyOptional({ format: 'uri' })
  @IsOptional()
  @IsUrl(URL_OPTIONS, urlMessage)
  originalVideoUrl?: string;

  @ApiPropertyOptional({ type: [String], format: 'uri' })
  @IsOptional()
  @IsArray({ message: 'Expected an array of URLs' })
  @ArrayMaxSize(MAX_MEDIA)
  @IsUrl(URL_OPTIONS, urlEachMessage)
  originalImageUrls?: string[];

  @ApiPropertyOptional({ type: [String], format: 'uri' })
  @IsOptional()
  @IsArray({ message: 'Expected an array of URLs' })
  @ArrayMaxSize(MAX_MEDIA)
  @IsUrl(URL_OPTIONS, urlEachMessage)
  originalMediaUrls?: string[];

  @ApiPropertyOptional({
    type: PlatformOptionsDto,
    description:
      'Per-platform choices; each platform reads only its own and has defaults for every field.',
  })
  @IsOptional()
  @IsObject({ message: 'Expected an object' })
  @ValidateNested()
  @Type(() => PlatformOptionsDto)
  options?: PlatformOptionsDto;

  @ApiPropertyOptional({
    type: PlatformOverridesDto,
    description:
      "Per-platform text and media: each replaces those fields for that platform's targets, and is checked by that platform's rules. An override for a platform the post does not target is refused (400).",
  })
  @IsOptional()
  @IsObject({ message: 'Expected an object' })
  @ValidateNested()
  @Type(() => PlatformOverridesDto)
  platformOverrides?: PlatformOverridesDto;
  // Parts published after the post (issue 22): the thread, its fallback, the first comment.
  @ApiPropertyOptional({ type: [ThreadPartDto], maxItems: MAX_THREAD_PARTS, description: THREAD })
  @IsOptional()
  @IsArray({ message: 'Expected an array of thread parts' })
  @ArrayMaxSize(MAX_THREAD_PARTS, { message: `A thread has at most ${MAX_THREAD_PARTS} parts` })
  @ValidateNested({ each: true })
  @Type(() => ThreadPartDto)
  thread?: ThreadPartDto[];

  @ApiPropertyOptional({ enum: THREAD_FALLBACKS, description: THREAD_FALLBACK })
  @IsOptional()
  @IsIn(THREAD_FALLBACKS, { message: 'Expected one of: first_comment, skip' })
  threadFallback?: (typeof THREAD_FALLBACKS)[number];

  @ApiPropertyOptional({ type: FirstCommentDto, description: FIRST_COMMENT })
  @IsOptional()
  @IsObject({ message: 'Expected an object' })
  @ValidateNested()
  @Type(() => FirstCommentDto)
  firstComment?: FirstCommentDto;
}

export class PostDto {
  @ApiProperty({ type: PostContentDto })
  @IsDefined()
  @IsObject({ message: 'Expected an object' })
  @ValidateNested()
  @Type(() => PostContentDto)
  content: PostContentDto;
}

export class CreatePostDto {
  @ApiProperty({ type: PostDto })
  @IsDefined()
  @IsObject({ message: 'Expected an object' })
  @ValidateNested()
  @Type(() => PostDto)
  post: PostDto;

  @ApiPropertyOptional({
    type: String,
    format: 'date-time',
    nullable: true,
    description: 'ISO 8601 with a time zone, at least 1 minute ahead. Omitted or null: now.',
    example: '2025-09-01T08:00:00Z',
  })
  @Allow()
  scheduledTime?: string | null;

  @ApiPropertyOptional({
    description: 'Also feed the published post into your automations.',
    default: false,
  })
  @IsOptional()
  @IsBoolean({ message: 'Expected boolean' })
  enableRepurposing?: boolean;

  /** Targeting and scheduledTime: rules a decorator cannot express. */
  static validateRaw(value: unknown, location: string): FieldProblem[] {
    const body = value as { post?: { content?: { platform?: unknown } }; scheduledTime?: unknown };
    const problems: FieldProblem[] = [];
    const content = body.post?.content;
    if (typeof content === 'object' && content !== null) {
      problems.push(
        ...parseTargets(content.platform, `${location}.post.content.platform`).problems,
      );
    }
    const scheduled = parseScheduledTime(body.scheduledTime);
    if ('problem' in scheduled) {
      problems.push({
        field: `${location}.scheduledTime`,
        message: scheduled.problem,
        code: 'invalid_string',
        received: body.scheduledTime,
      });
    }
    return problems;
  }
}
