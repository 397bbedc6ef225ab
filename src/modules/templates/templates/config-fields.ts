import { applyDecorators } from '@nestjs/common';
import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, IsString, IsUrl, Matches, MaxLength } from 'class-validator';
import { HEX_COLOR, THEMES, type ThemeName } from './theme';

/** Config fields several templates share, each with its rules and its OpenAPI description. */

/** A PNG or JPEG the render fetches; the template lists the field in `imageFields`. */
export function ImageUrlField(description: string): PropertyDecorator {
  return applyDecorators(
    ApiPropertyOptional({
      description: `${description} PNG or JPEG, fetched when rendering (size-capped, with a deadline).`,
      format: 'uri',
      maxLength: 2048,
    }),
    IsOptional(),
    IsString(),
    MaxLength(2048),
    IsUrl(
      { protocols: ['http', 'https'], require_protocol: true, require_tld: false },
      { message: 'Invalid URL format' },
    ),
  );
}

/** Pair with the same initialiser: `theme: ThemeName = 'light'`. */
export function ThemeField(fallback: ThemeName): PropertyDecorator {
  return applyDecorators(
    ApiPropertyOptional({ enum: THEMES, default: fallback }),
    IsOptional(),
    IsIn(THEMES),
  );
}

/** Pair with the same initialiser: `accentColor = '#2563eb'`. */
export function AccentColorField(description: string, fallback: string): PropertyDecorator {
  return applyDecorators(
    ApiPropertyOptional({ description, default: fallback, example: fallback }),
    IsOptional(),
    Matches(HEX_COLOR, { message: 'must be a #rrggbb colour' }),
  );
}
