import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsString, MaxLength, MinLength } from 'class-validator';
import { h } from '../render/markup';
import { fittedText, frame, unit } from './layout';
import { ThemeField, AccentColorField } from './config-fields';
import { defineTemplate } from './template';
import { PALETTES, type ThemeName } from './theme';

export class AnnouncementConfig {
  @ApiProperty({
    description: 'The news, in a few words.',
    minLength: 1,
    maxLength: 120,
    example: 'Soku 2.0 is here',
  })
  @IsString()
  @MinLength(1)
  @MaxLength(120)
  title: string;

  @ApiPropertyOptional({
    description: 'One or two sentences of detail.',
    maxLength: 400,
    example: 'Schedule posts to eight platforms with one request.',
  })
  @IsOptional()
  @IsString()
  @MaxLength(400)
  body?: string;

  @ApiPropertyOptional({
    description: 'Label above the title.',
    maxLength: 30,
    default: 'Announcement',
  })
  @IsOptional()
  @IsString()
  @MaxLength(30)
  badge: string = 'Announcement';

  @ApiPropertyOptional({
    description: 'Call to action at the bottom, e.g. a URL.',
    maxLength: 60,
    example: 'soku.dev/launch',
  })
  @IsOptional()
  @IsString()
  @MaxLength(60)
  cta?: string;

  @AccentColorField('Badge and call-to-action colour.', '#2563eb')
  accentColor: string = '#2563eb';

  @ThemeField('light')
  theme: ThemeName = 'light';
}

/** Badge, headline, detail and a call to action. */
export const announcement = defineTemplate<AnnouncementConfig>({
  slug: 'announcement',
  description: 'A launch or news card: badge, headline, detail and a call to action.',
  config: AnnouncementConfig,
  example: {
    title: 'Soku 2.0 is here',
    body: 'Schedule posts to eight platforms with one request.',
    cta: 'soku.dev/launch',
  },
  imageFields: [],
  markup(config, canvas) {
    const palette = PALETTES[config.theme];
    const u = unit(canvas);
    const pad = Math.round(72 * u);
    const inner = canvas.width - 2 * pad;
    const badgeHeight = Math.round(56 * u);
    const ctaHeight = config.cta ? Math.round(72 * u) : 0;
    const text = canvas.height - 2 * pad - badgeHeight - ctaHeight - Math.round(40 * u);
    const bodyHeight = config.body ? text * 0.4 : 0;
    const small = Math.round(26 * u);
    return frame(
      canvas,
      {
        padding: pad,
        background: palette.surface,
        color: palette.text,
        justifyContent: 'center',
        borderTop: `${Math.round(14 * u)}px solid ${config.accentColor}`,
      },
      h(
        'div',
        { style: { display: 'flex', marginBottom: Math.round(28 * u) } },
        h(
          'div',
          {
            style: {
              display: 'flex',
              padding: `${Math.round(8 * u)}px ${Math.round(20 * u)}px`,
              borderRadius: 999,
              background: config.accentColor,
              color: '#ffffff',
              fontSize: small,
              fontWeight: 700,
            },
          },
          config.badge,
        ),
      ),
      fittedText(
        config.title,
        {
          width: inner,
          height: text - bodyHeight,
          max: Math.round(84 * u),
          min: 28,
          lineHeight: 1.15,
          charWidth: 0.62,
        },
        { fontWeight: 700 },
      ),
      config.body &&
        fittedText(
          config.body,
          { width: inner, height: bodyHeight, max: Math.round(38 * u), min: 18, lineHeight: 1.35 },
          { marginTop: Math.round(12 * u), color: palette.muted },
        ),
      config.cta &&
        h(
          'div',
          {
            style: {
              display: 'flex',
              marginTop: Math.round(24 * u),
              fontSize: Math.round(30 * u),
              fontWeight: 700,
              color: config.accentColor,
            },
          },
          `${config.cta} \u2192`,
        ),
    );
  },
});
