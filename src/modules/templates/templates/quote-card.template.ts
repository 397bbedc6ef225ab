import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsString, MaxLength, MinLength } from 'class-validator';
import { h } from '../render/markup';
import { fittedText, frame, unit } from './layout';
import { ThemeField, AccentColorField } from './config-fields';
import { defineTemplate } from './template';
import { PALETTES, type ThemeName } from './theme';

export class QuoteCardConfig {
  @ApiProperty({
    description: 'The quotation, without quote marks.',
    minLength: 1,
    maxLength: 500,
    example: 'Simplicity is prerequisite for reliability.',
  })
  @IsString()
  @MinLength(1)
  @MaxLength(500)
  quote: string;

  @ApiPropertyOptional({
    description: 'Who said it.',
    maxLength: 80,
    example: 'Edsger W. Dijkstra',
  })
  @IsOptional()
  @IsString()
  @MaxLength(80)
  author?: string;

  @ApiPropertyOptional({
    description: 'Role, book or source under the name.',
    maxLength: 80,
    example: 'Computer scientist',
  })
  @IsOptional()
  @IsString()
  @MaxLength(80)
  source?: string;

  @AccentColorField('Quote mark and rule colour.', '#f59e0b')
  accentColor: string = '#f59e0b';

  @ThemeField('dark')
  theme: ThemeName = 'dark';
}

/** A large quotation with its attribution. */
export const quoteCard = defineTemplate<QuoteCardConfig>({
  slug: 'quoteCard',
  description: 'A quotation in large type with author and source.',
  config: QuoteCardConfig,
  example: { quote: 'Simplicity is prerequisite for reliability.', author: 'Edsger W. Dijkstra' },
  imageFields: [],
  markup(config, canvas) {
    const palette = PALETTES[config.theme];
    const u = unit(canvas);
    const pad = Math.round(72 * u);
    const markSize = Math.round(120 * u);
    const attribution = config.author || config.source ? Math.round(110 * u) : 0;
    return frame(
      canvas,
      {
        padding: pad,
        background: palette.background,
        color: palette.text,
        justifyContent: 'center',
      },
      h(
        'div',
        {
          style: {
            display: 'flex',
            height: markSize * 0.7,
            fontSize: markSize,
            lineHeight: 1,
            fontWeight: 700,
            color: config.accentColor,
          },
        },
        '\u201c',
      ),
      fittedText(
        config.quote,
        {
          width: canvas.width - 2 * pad,
          height: canvas.height - 2 * pad - markSize * 0.7 - attribution,
          max: Math.round(64 * u),
          min: 20,
          lineHeight: 1.3,
          charWidth: 0.6,
        },
        { fontWeight: 700 },
      ),
      attribution > 0 &&
        h(
          'div',
          {
            style: {
              display: 'flex',
              flexDirection: 'column',
              marginTop: Math.round(32 * u),
              paddingLeft: Math.round(24 * u),
              borderLeft: `${Math.round(6 * u)}px solid ${config.accentColor}`,
            },
          },
          config.author &&
            h(
              'div',
              { style: { display: 'flex', fontSize: Math.round(32 * u), fontWeight: 700 } },
              config.author,
            ),
          config.source &&
            h(
              'div',
              { style: { display: 'flex', fontSize: Math.round(26 * u), color: palette.muted } },
              config.source,
            ),
        ),
    );
  },
});
