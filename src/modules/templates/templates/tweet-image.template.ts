import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsString, MaxLength } from 'class-validator';
import { h } from '../render/markup';
import { avatar, fittedText, frame, unit } from './layout';
import { ImageUrlField, ThemeField } from './config-fields';
import { defineTemplate } from './template';
import { PALETTES, type ThemeName } from './theme';

export class TweetImageConfig {
  @ApiPropertyOptional({
    description: 'Bold first line above the text.',
    maxLength: 120,
    example: 'My Tweet',
  })
  @IsOptional()
  @IsString()
  @MaxLength(120)
  title?: string;

  @ApiPropertyOptional({
    description: 'Display name.',
    maxLength: 60,
    default: 'Soku',
    example: '@username',
  })
  @IsOptional()
  @IsString()
  @MaxLength(60)
  author: string = 'Soku';

  @ApiPropertyOptional({
    description: 'Shown after the name, e.g. `@soku`.',
    maxLength: 40,
    example: '@soku',
  })
  @IsOptional()
  @IsString()
  @MaxLength(40)
  handle?: string;

  @ImageUrlField('Round picture left of the name; without it, the initial on a disc.')
  avatarUrl?: string;

  @ApiPropertyOptional({
    description: 'The post text; wraps and shrinks to fit.',
    maxLength: 600,
    default: '',
    example: 'Tweet text here',
  })
  @IsOptional()
  @IsString()
  @MaxLength(600)
  content: string = '';

  @ThemeField('light')
  theme: ThemeName = 'light';
}

/** A post as it looks on X: avatar, name and handle, then the text on a card. */
export const tweetImage = defineTemplate<TweetImageConfig>({
  slug: 'tweetImage',
  description: 'A post card: avatar, author and handle, optional title, and the post text.',
  config: TweetImageConfig,
  example: { title: 'My Tweet', author: '@username', content: 'Tweet text here' },
  imageFields: ['avatarUrl'],
  markup(config, canvas, images) {
    const palette = PALETTES[config.theme];
    const u = unit(canvas);
    const pad = Math.round(48 * u);
    const cardPad = Math.round(44 * u);
    const inner = canvas.width - 2 * pad - 2 * cardPad;
    const avatarSize = Math.round(88 * u);
    const textHeight = canvas.height - 2 * pad - 2 * cardPad - avatarSize - Math.round(32 * u);
    const titleHeight = config.title ? Math.min(textHeight * 0.4, 150 * u) : 0;
    return frame(
      canvas,
      { padding: pad, background: palette.background, justifyContent: 'center' },
      h(
        'div',
        {
          style: {
            display: 'flex',
            flexDirection: 'column',
            maxHeight: canvas.height - 2 * pad,
            padding: cardPad,
            borderRadius: Math.round(28 * u),
            background: palette.surface,
            border: `2px solid ${palette.border}`,
            color: palette.text,
            overflow: 'hidden',
          },
        },
        h(
          'div',
          { style: { display: 'flex', alignItems: 'center', marginBottom: Math.round(32 * u) } },
          avatar(avatarSize, config.author, '#1d9bf0', images.avatarUrl),
          h(
            'div',
            {
              style: {
                display: 'flex',
                flexDirection: 'column',
                marginLeft: Math.round(24 * u),
                flexShrink: 1,
              },
            },
            h(
              'div',
              { style: { display: 'flex', fontSize: Math.round(34 * u), fontWeight: 700 } },
              config.author,
            ),
            config.handle &&
              h(
                'div',
                { style: { display: 'flex', fontSize: Math.round(28 * u), color: palette.muted } },
                config.handle,
              ),
          ),
        ),
        config.title &&
          fittedText(
            config.title,
            {
              width: inner,
              height: titleHeight,
              max: Math.round(52 * u),
              min: 24,
              lineHeight: 1.2,
              charWidth: 0.6,
            },
            { fontWeight: 700, marginBottom: Math.round(16 * u) },
          ),
        config.content &&
          fittedText(config.content, {
            width: inner,
            height: textHeight - titleHeight,
            max: Math.round(46 * u),
            min: 18,
            lineHeight: 1.35,
          }),
      ),
    );
  },
});
