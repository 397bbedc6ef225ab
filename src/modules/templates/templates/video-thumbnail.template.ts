import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsString, MaxLength, MinLength } from 'class-validator';
import { h } from '../render/markup';
import { fittedText, frame, unit } from './layout';
import { ImageUrlField, AccentColorField } from './config-fields';
import { defineTemplate } from './template';

export class VideoThumbnailConfig {
  @ApiProperty({
    description: 'Large headline.',
    minLength: 1,
    maxLength: 120,
    example: 'How we ship daily',
  })
  @IsString()
  @MinLength(1)
  @MaxLength(120)
  title: string;

  @ApiPropertyOptional({
    description: 'Smaller line under the title.',
    maxLength: 200,
    example: 'Episode 12',
  })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  subtitle?: string;

  @ImageUrlField('Behind the text, cropped to cover.')
  backgroundImageUrl?: string;

  @AccentColorField('Background without an image, and the accent bar.', '#7c3aed')
  accentColor: string = '#7c3aed';
}

/** A video cover: a background picture darkened at the bottom, the title over it. */
export const videoThumbnail = defineTemplate<VideoThumbnailConfig>({
  slug: 'videoThumbnail',
  description: 'A video cover: background image (or colour), big title and subtitle over a shade.',
  config: VideoThumbnailConfig,
  example: { title: 'How we ship daily', subtitle: 'Episode 12' },
  imageFields: ['backgroundImageUrl'],
  markup(config, canvas, images) {
    const u = unit(canvas);
    const pad = Math.round(64 * u);
    const inner = canvas.width - 2 * pad;
    const textArea = canvas.height * 0.6;
    const subtitleHeight = config.subtitle ? Math.min(textArea * 0.3, 120 * u) : 0;
    return frame(
      canvas,
      { position: 'relative', background: config.accentColor, color: '#ffffff' },
      images.backgroundImageUrl !== undefined &&
        h('img', {
          src: images.backgroundImageUrl,
          width: canvas.width,
          height: canvas.height,
          style: {
            position: 'absolute',
            top: 0,
            left: 0,
            width: canvas.width,
            height: canvas.height,
            objectFit: 'cover',
          },
        }),
      h(
        'div',
        {
          style: {
            position: 'absolute',
            top: 0,
            left: 0,
            width: canvas.width,
            height: canvas.height,
            boxSizing: 'border-box',
            padding: pad,
            display: 'flex',
            flexDirection: 'column',
            justifyContent: 'flex-end',
            backgroundImage: 'linear-gradient(to bottom, rgba(0,0,0,0) 30%, rgba(0,0,0,0.75) 100%)',
          },
        },
        h('div', {
          style: {
            display: 'flex',
            width: Math.round(120 * u),
            height: Math.round(10 * u),
            background: config.accentColor,
            marginBottom: Math.round(24 * u),
          },
        }),
        fittedText(
          config.title,
          {
            width: inner,
            height: textArea - subtitleHeight,
            max: Math.round(96 * u),
            min: 28,
            lineHeight: 1.1,
            charWidth: 0.62,
          },
          { fontWeight: 700 },
        ),
        config.subtitle &&
          fittedText(
            config.subtitle,
            {
              width: inner,
              height: subtitleHeight,
              max: Math.round(40 * u),
              min: 18,
              lineHeight: 1.3,
            },
            { marginTop: Math.round(16 * u), color: '#e5e7eb' },
          ),
      ),
    );
  },
});
