import { applyDecorators } from '@nestjs/common';
import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsObject,
  IsOptional,
  IsString,
  IsUrl,
  MaxLength,
  ValidateNested,
} from 'class-validator';
import { MAX_MEDIA, URL_OPTIONS, urlEachMessage, urlMessage } from './media-url-rules';

/**
 * What one platform's targets publish instead of the post's own fields. Naming any media field
 * replaces all of the post's media for that platform.
 */
export class PlatformOverrideDto {
  @ApiPropertyOptional({ description: 'The text for this platform.', maxLength: 100_000 })
  @IsOptional()
  @IsString({ message: 'Expected string' })
  @MaxLength(100_000)
  text?: string;

  @ApiPropertyOptional({ type: [String], description: 'Ids of your media from /v1/media.' })
  @IsOptional()
  @IsArray({ message: 'Expected an array of media ids' })
  @ArrayMaxSize(MAX_MEDIA)
  @IsString({ each: true, message: 'Expected string' })
  mediaIds?: string[];

  @ApiPropertyOptional({
    type: [String],
    format: 'uri',
    description: 'Images, imported when the post is due (once per URL across the post).',
  })
  @IsOptional()
  @IsArray({ message: 'Expected an array of URLs' })
  @ArrayMaxSize(MAX_MEDIA)
  @IsUrl(URL_OPTIONS, urlEachMessage)
  imageUrls?: string[];

  @ApiPropertyOptional({ format: 'uri', description: 'A video, imported when the post is due.' })
  @IsOptional()
  @IsUrl(URL_OPTIONS, urlMessage)
  videoUrl?: string;
}

/** One platform's optional override, checked field by field. */
const override = (platform: string) =>
  applyDecorators(
    ApiPropertyOptional({ type: PlatformOverrideDto, description: `For the ${platform} targets.` }),
    IsOptional(),
    IsObject({ message: 'Expected an object' }),
    ValidateNested(),
    Type(() => PlatformOverrideDto),
  );

/** `post.content.platformOverrides`: one optional override per platform, by its v1 name. */
export class PlatformOverridesDto {
  @override('X')
  x?: PlatformOverrideDto;

  @override('Instagram')
  instagram?: PlatformOverrideDto;

  @override('Facebook')
  facebook?: PlatformOverrideDto;

  @override('Threads')
  threads?: PlatformOverrideDto;

  @override('TikTok')
  tiktok?: PlatformOverrideDto;

  @override('YouTube')
  youtube?: PlatformOverrideDto;

  @override('LinkedIn')
  linkedin?: PlatformOverrideDto;

  @override('Snapchat')
  snapchat?: PlatformOverrideDto;
}
