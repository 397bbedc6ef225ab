import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsBoolean,
  IsIn,
  IsInt,
  IsObject,
  IsOptional,
  IsString,
  Matches,
  MaxLength,
  Min,
  MinLength,
  ValidateNested,
} from 'class-validator';
import {
  LINKEDIN_VISIBILITY,
  SNAPCHAT_SURFACES,
  TIKTOK_PRIVACY_LEVELS,
  YOUTUBE_PRIVACY,
} from '../../connectors';

const bool = { message: 'Expected boolean' };
const str = { message: 'Expected string' };
const oneOf = (values: readonly string[]) => ({
  message: `Expected one of: ${values.join(', ')}`,
});

export class TiktokOptionsDto {
  @ApiPropertyOptional({
    enum: TIKTOK_PRIVACY_LEVELS,
    description:
      "Must be one of the creator's privacy options (checked at publish time). TikTok requires an explicit choice: without one the post is SELF_ONLY (the creator alone sees it), or fails with privacy_level_required when the creator does not offer SELF_ONLY. An app TikTok has not audited (SOKU_TIKTOK_APP_AUDITED=false) may only post SELF_ONLY.",
  })
  @IsOptional()
  @IsIn(TIKTOK_PRIVACY_LEVELS, oneOf(TIKTOK_PRIVACY_LEVELS))
  privacyLevel?: (typeof TIKTOK_PRIVACY_LEVELS)[number];

  @ApiPropertyOptional({
    description:
      'Default: true (comments off unless asked); always true when the creator disabled comments.',
  })
  @IsOptional()
  @IsBoolean(bool)
  disableComment?: boolean;

  @ApiPropertyOptional({
    description:
      'Videos only. Default: true (off unless asked); always true when the creator disabled duets.',
  })
  @IsOptional()
  @IsBoolean(bool)
  disableDuet?: boolean;

  @ApiPropertyOptional({
    description:
      'Videos only. Default: true (off unless asked); always true when the creator disabled stitches.',
  })
  @IsOptional()
  @IsBoolean(bool)
  disableStitch?: boolean;

  @ApiPropertyOptional({ description: 'Paid partnership ("Branded content").', default: false })
  @IsOptional()
  @IsBoolean(bool)
  brandContent?: boolean;

  @ApiPropertyOptional({ description: "Promotes the creator's own business.", default: false })
  @IsOptional()
  @IsBoolean(bool)
  brandOrganic?: boolean;

  @ApiPropertyOptional({ description: 'AI-generated content label (videos).', default: false })
  @IsOptional()
  @IsBoolean(bool)
  isAigc?: boolean;

  @ApiPropertyOptional({ description: 'Videos: the frame used as the cover, in milliseconds.' })
  @IsOptional()
  @IsInt({ message: 'Expected integer' })
  @Min(0)
  videoCoverTimestampMs?: number;

  @ApiPropertyOptional({
    description: 'Photo posts: the title; the text becomes the description.',
    maxLength: 90,
  })
  @IsOptional()
  @IsString(str)
  @MaxLength(90)
  photoTitle?: string;

  @ApiPropertyOptional({ description: 'Photo posts: let TikTok add music.', default: false })
  @IsOptional()
  @IsBoolean(bool)
  autoAddMusic?: boolean;
}

export class YoutubeOptionsDto {
  @ApiPropertyOptional({
    description: "Default: the text's first line, cut to 100 characters. No < or >.",
    minLength: 1,
    maxLength: 100,
  })
  @IsOptional()
  @IsString(str)
  @MinLength(1)
  @MaxLength(100)
  @Matches(/^[^<>]*$/, { message: 'YouTube titles cannot contain < or >' })
  title?: string;

  @ApiPropertyOptional({ enum: YOUTUBE_PRIVACY, default: 'public' })
  @IsOptional()
  @IsIn(YOUTUBE_PRIVACY, oneOf(YOUTUBE_PRIVACY))
  privacy?: (typeof YOUTUBE_PRIVACY)[number];

  @ApiPropertyOptional({ description: 'Self-declared made for kids.', default: false })
  @IsOptional()
  @IsBoolean(bool)
  madeForKids?: boolean;

  @ApiPropertyOptional({ type: [String], description: 'At most 500 characters in all.' })
  @IsOptional()
  @IsArray({ message: 'Expected an array of strings' })
  @ArrayMaxSize(100)
  @IsString({ each: true, message: 'Expected string' })
  @MaxLength(100, { each: true })
  tags?: string[];

  @ApiPropertyOptional({ description: 'YouTube video category id.', example: '22' })
  @IsOptional()
  @Matches(/^\d{1,4}$/, { message: 'Expected a numeric category id' })
  categoryId?: string;

  @ApiPropertyOptional({ description: 'Notify the channel subscribers.', default: true })
  @IsOptional()
  @IsBoolean(bool)
  notifySubscribers?: boolean;
}

export class LinkedinOptionsDto {
  @ApiPropertyOptional({ enum: LINKEDIN_VISIBILITY, default: 'PUBLIC' })
  @IsOptional()
  @IsIn(LINKEDIN_VISIBILITY, oneOf(LINKEDIN_VISIBILITY))
  visibility?: (typeof LINKEDIN_VISIBILITY)[number];

  @ApiPropertyOptional({
    description:
      'Post as this organization page (its numeric id; the member must be one of its admins). Default: the member, or the organization the account was connected for.',
    example: '5515715',
  })
  @IsOptional()
  @Matches(/^\d{1,20}$/, { message: 'Expected a numeric organization id' })
  organizationId?: string;
}

export class SnapchatOptionsDto {
  @ApiPropertyOptional({ enum: SNAPCHAT_SURFACES, default: 'story' })
  @IsOptional()
  @IsIn(SNAPCHAT_SURFACES, oneOf(SNAPCHAT_SURFACES))
  surface?: (typeof SNAPCHAT_SURFACES)[number];

  @ApiPropertyOptional({
    description: "Saved stories: the title. Default: the text's start.",
    maxLength: 45,
  })
  @IsOptional()
  @IsString(str)
  @MinLength(1)
  @MaxLength(45)
  title?: string;

  @ApiPropertyOptional({
    description: 'Spotlight: the locale.',
    default: 'en_US',
    example: 'en_US',
  })
  @IsOptional()
  @Matches(/^[a-z]{2}_[A-Z]{2}$/, { message: 'Expected a locale such as en_US' })
  locale?: string;
}

export class PlatformOptionsDto {
  @ApiPropertyOptional({ type: TiktokOptionsDto })
  @IsOptional()
  @IsObject({ message: 'Expected an object' })
  @ValidateNested()
  @Type(() => TiktokOptionsDto)
  tiktok?: TiktokOptionsDto;

  @ApiPropertyOptional({ type: YoutubeOptionsDto })
  @IsOptional()
  @IsObject({ message: 'Expected an object' })
  @ValidateNested()
  @Type(() => YoutubeOptionsDto)
  youtube?: YoutubeOptionsDto;

  @ApiPropertyOptional({ type: LinkedinOptionsDto })
  @IsOptional()
  @IsObject({ message: 'Expected an object' })
  @ValidateNested()
  @Type(() => LinkedinOptionsDto)
  linkedin?: LinkedinOptionsDto;

  @ApiPropertyOptional({ type: SnapchatOptionsDto })
  @IsOptional()
  @IsObject({ message: 'Expected an object' })
  @ValidateNested()
  @Type(() => SnapchatOptionsDto)
  snapchat?: SnapchatOptionsDto;
}
