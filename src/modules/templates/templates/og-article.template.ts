import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsString, MaxLength, MinLength } from 'class-validator';
import { h } from '../render/markup';
import { fittedText, frame, unit } from './layout';
import { ThemeField, AccentColorField } from './config-fields';
import { defineTemplate } from './template';
import { PALETTES, type ThemeName } from './theme';

export class OgArticleConfig {
  @ApiProperty({
    description: 'Article headline.',
    minLength: 1,
    maxLength: 160,
    example: 'Designing an API that publishes everywhere',
  })
  @IsString()
  @MinLength(1)
  @MaxLength(160)
  title: string;

  @ApiPropertyOptional({
    description: 'Summary under the headline.',
    maxLength: 300,
    example: 'What we learned shipping one endpoint for eight platforms.',
  })
  @IsOptional()
  @IsString()
  @MaxLength(300)
  description?: string;

  @ApiPropertyOptional({
    description: 'Publication name, top left.',
    maxLength: 60,
    example: 'Soku Blog',
  })
  @IsOptional()
  @IsString()
  @MaxLength(60)
  siteName?: string;

  @ApiPropertyOptional({ description: 'Byline.', maxLength: 60, example: 'Ada Lovelace' })
  @IsOptional()
  @IsString()
  @MaxLength(60)
  author?: string;

  @ApiPropertyOptional({
    description: 'Shown as given, e.g. `12 Sep 2025` or `5 min read`.',
    maxLength: 40,
    example: '12 Sep 2025',
  })
  @IsOptional()
  @IsString()
  @MaxLength(40)
  date?: string;

  @AccentColorField('Site name and rule colour.', '#10b981')
  accentColor: string = '#10b981';

  @ThemeField('light')
  theme: ThemeName = 'light';
}

/** The classic link preview: site, headline, summary, byline. */
export const ogArticle = defineTemplate<OgArticleConfig>({
  slug: 'ogArticle',
  description: 'A link preview for an article: site name, headline, summary, author and date.',
  config: OgArticleConfig,
  example: {
    title: 'Designing an API that publishes everywhere',
    siteName: 'Soku Blog',
    author: 'Ada Lovelace',
    date: '12 Sep 2025',
  },
  imageFields: [],
  markup(config, canvas) {
    const palette = PALETTES[config.theme];
    const u = unit(canvas);
    const pad = Math.round(72 * u);
    const inner = canvas.width - 2 * pad;
    const header = Math.round(70 * u);
    const footer = config.author || config.date ? Math.round(70 * u) : 0;
    const text = canvas.height - 2 * pad - header - footer;
    const descriptionHeight = config.description ? text * 0.35 : 0;
    const byline = [config.author, config.date].filter(Boolean).join('  \u00b7  ');
    return frame(
      canvas,
      {
        padding: pad,
        background: palette.surface,
        color: palette.text,
        justifyContent: 'space-between',
        borderLeft: `${Math.round(16 * u)}px solid ${config.accentColor}`,
      },
      h(
        'div',
        {
          style: {
            display: 'flex',
            height: header,
            fontSize: Math.round(30 * u),
            fontWeight: 700,
            color: config.accentColor,
          },
        },
        config.siteName ?? '',
      ),
      h(
        'div',
        {
          style: {
            display: 'flex',
            flexDirection: 'column',
            flexGrow: 1,
            justifyContent: 'center',
          },
        },
        fittedText(
          config.title,
          {
            width: inner,
            height: text - descriptionHeight,
            max: Math.round(76 * u),
            min: 26,
            lineHeight: 1.15,
            charWidth: 0.62,
          },
          { fontWeight: 700 },
        ),
        config.description &&
          fittedText(
            config.description,
            {
              width: inner,
              height: descriptionHeight,
              max: Math.round(34 * u),
              min: 18,
              lineHeight: 1.35,
            },
            { marginTop: Math.round(16 * u), color: palette.muted },
          ),
      ),
      footer > 0 &&
        h(
          'div',
          {
            style: {
              display: 'flex',
              height: footer,
              alignItems: 'flex-end',
              fontSize: Math.round(28 * u),
              color: palette.muted,
            },
          },
          byline,
        ),
    );
  },
});
