import type { Type } from '@nestjs/common';
import type { Canvas } from '../render/canvas';
import type { Markup } from '../render/markup';

/** Remote pictures a config names, already fetched, as data URIs (absent when not given). */
export type FetchedImages<C> = Partial<Record<keyof C & string, string>>;

/**
 * A built-in template: its config class (class-validator rules, OpenAPI metadata, defaults as
 * property initialisers), an example, which fields are remote image URLs, and the layout.
 */
export interface TemplateDefinition<C extends object = object> {
  slug: string;
  description: string;
  config: Type<C>;
  example: Partial<C>;
  imageFields: (keyof C & string)[];
  markup(config: C, canvas: Canvas, images: FetchedImages<C>): Markup;
}

/** Keeps the config type of each definition while collecting them in one list. */
export function defineTemplate<C extends object>(
  definition: TemplateDefinition<C>,
): TemplateDefinition {
  return definition as unknown as TemplateDefinition;
}
