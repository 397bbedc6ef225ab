import { ApiProperty, ApiPropertyOptional, getSchemaPath } from '@nestjs/swagger';
import { IsIn, IsObject, IsOptional, IsString, MaxLength } from 'class-validator';
import { ASPECT_RATIOS, type AspectRatio } from '../render/canvas';
import { IMAGE_FORMATS, type ImageFormat } from '../render/image-format';
import { BUILT_IN_TEMPLATES } from '../templates';

export class RenderTemplateDto {
  @ApiProperty({
    description: 'Template identifier; `GET /v1/templates` lists them.',
    enum: BUILT_IN_TEMPLATES.map((t) => t.slug),
    example: 'tweetImage',
  })
  @IsString()
  @MaxLength(100)
  templateSlug: string;

  @ApiPropertyOptional({
    description:
      'Configuration of the template named by `templateSlug` (one of the schemas below); fields have defaults and unknown fields are rejected.',
    anyOf: BUILT_IN_TEMPLATES.map((t) => ({ $ref: getSchemaPath(t.config) })),
    example: { title: 'My Tweet', author: '@username', content: 'Tweet text here' },
  })
  @IsOptional()
  @IsObject({ message: 'must be an object' })
  config?: Record<string, unknown>;

  @ApiPropertyOptional({
    description:
      'Output size: absent 1200×630 (Open Graph), `1:1` 1080×1080, `4:5` 1080×1350, `9:16` 1080×1920.',
    enum: ASPECT_RATIOS,
  })
  @IsOptional()
  @IsIn(ASPECT_RATIOS)
  aspectRatio?: AspectRatio;

  @ApiPropertyOptional({
    description:
      'Image format (beyond v1): `png` (default), or `jpeg` for platforms that take JPEG only (Instagram); JPEG is drawn on white.',
    enum: IMAGE_FORMATS,
    default: 'png',
  })
  @IsOptional()
  @IsIn(IMAGE_FORMATS)
  format?: ImageFormat;
}

export class RenderedImageDto {
  @ApiProperty({
    description:
      'Public URL of the image (`.png`, or `.jpg` for `format: jpeg`); use it in `imageUrls` of /v1/posts.',
    example: 'https://soku.example.com/media/0b4a3f7e-8c1d-5e2f-9a6b-1c2d3e4f5a6b.png',
  })
  url: string;

  @ApiProperty({
    description: 'Media id of the rendered image (the same request returns the same id).',
    format: 'uuid',
    example: '0b4a3f7e-8c1d-5e2f-9a6b-1c2d3e4f5a6b',
  })
  id: string;
}
