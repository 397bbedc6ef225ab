import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  ArrayMaxSize,
  IsArray,
  IsOptional,
  IsString,
  IsUrl,
  MaxLength,
  MinLength,
} from 'class-validator';
import { MAX_MEDIA, URL_OPTIONS, urlEachMessage } from './media-url-rules';

const ON_MEDIA_PLATFORMS =
  ' Accepted where replies and comments take media (X and Threads replies, one photo on a Facebook comment) and held to the platform media rules; elsewhere refused (400 `validation_error`).';
const PART_MEDIA_IDS = `Ids of your media from /v1/media, checked like \`post.content.mediaIds\`.${ON_MEDIA_PLATFORMS}`;
const PART_IMAGE_URLS = `Images imported when the post is due, like \`post.content.imageUrls\`.${ON_MEDIA_PLATFORMS}`;

/** One further part of a thread, published as a reply to the part before it. */
export class ThreadPartDto {
  @ApiProperty({ description: 'The text of this part.', example: 'And here is why…' })
  @IsString({ message: 'Expected string' })
  @MinLength(1, { message: 'A thread part needs text' })
  @MaxLength(100_000)
  text: string;

  @ApiPropertyOptional({ type: [String], description: PART_MEDIA_IDS })
  @IsOptional()
  @IsArray({ message: 'Expected an array of media ids' })
  @ArrayMaxSize(MAX_MEDIA)
  @IsString({ each: true, message: 'Expected string' })
  mediaIds?: string[];

  @ApiPropertyOptional({ type: [String], format: 'uri', description: PART_IMAGE_URLS })
  @IsOptional()
  @IsArray({ message: 'Expected an array of URLs' })
  @ArrayMaxSize(MAX_MEDIA)
  @IsUrl(URL_OPTIONS, urlEachMessage)
  imageUrls?: string[];
}

/** Text (with media where the platform takes them) posted as the first comment right after the post. */
export class FirstCommentDto {
  @ApiProperty({ description: 'The text of the comment.', example: 'Link in this comment 👇' })
  @IsString({ message: 'Expected string' })
  @MinLength(1, { message: 'A first comment needs text' })
  @MaxLength(100_000)
  text: string;

  @ApiPropertyOptional({ type: [String], description: PART_MEDIA_IDS })
  @IsOptional()
  @IsArray({ message: 'Expected an array of media ids' })
  @ArrayMaxSize(MAX_MEDIA)
  @IsString({ each: true, message: 'Expected string' })
  mediaIds?: string[];
}

export const THREAD_FALLBACKS = ['first_comment', 'skip'] as const;
export const MAX_THREAD_PARTS = 25;

export const THREAD =
  'Further parts published in order as replies to the post (X: `reply.in_reply_to_tweet_id`; Threads: `reply_to_id`). Each part is checked against the platform text rules. A platform without threads refuses the post unless `threadFallback` is set.';
export const THREAD_FALLBACK =
  'On a platform without threads: `first_comment` posts each part as a comment under the post, `skip` publishes the post alone.';
export const FIRST_COMMENT =
  'Posted as the first comment right after the post: Instagram, Facebook, LinkedIn and YouTube comments; a reply on X and Threads. TikTok and Snapchat have no comment API: refused there.';

export class RunPartErrorDto {
  @ApiProperty({ example: 'sandbox_failure' })
  code: string;

  @ApiProperty({ example: 'Sandbox failure requested by a #sandbox-fail-part marker' })
  message: string;
}

/** One part of a run after its post, in GET /v1/posts/:id (`runs[].parts[]`). */
export class PostRunPartDto {
  @ApiProperty({ description: '1 for the first part after the post.', example: 1 })
  position: number;

  @ApiProperty({
    enum: ['thread', 'comment'],
    description: '`thread`: a reply to the part before it; `comment`: under the post.',
  })
  kind: string;

  @ApiProperty({ enum: ['queued', 'processing', 'succeeded', 'failed'] })
  status: string;

  @ApiProperty({ example: 1 })
  attempts: number;

  @ApiProperty({ type: String, nullable: true })
  platformPostId: string | null;

  @ApiProperty({ type: String, nullable: true })
  url: string | null;

  @ApiProperty({
    type: RunPartErrorDto,
    nullable: true,
    description: '`previous_part_failed` on the parts after a failed one.',
  })
  error: RunPartErrorDto | null;

  @ApiProperty({ type: String, format: 'date-time', nullable: true })
  finishedAt: string | null;
}

export const PARTS =
  "The run's thread parts and first comment, in order, each with its own state; a part is created once the post went out.";
export const PARTIAL =
  'True once a part failed after the post went out: the run stays `succeeded`, and `post.run.part_failed` is sent.';
