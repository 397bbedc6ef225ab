import { Resvg } from '@resvg/resvg-js';
import satori, { type Font } from 'satori';
import type { Markup } from './markup';
import { EmojiImages } from './emoji';
import { FontSet } from './font-set';

export interface RenderJob {
  markup: Markup;
  width: number;
  height: number;
}

/**
 * Markup → SVG (satori, text drawn as paths) → PNG (resvg). One per thread: fonts and emoji
 * pictures are read once and reused by every render.
 */
export class OgRenderer {
  private readonly fonts = new FontSet();
  private readonly emoji = new EmojiImages();

  async render({ markup, width, height }: RenderJob): Promise<Buffer> {
    const svg = await satori(markup as Parameters<typeof satori>[0], {
      width,
      height,
      fonts: this.fonts.primary,
      loadAdditionalAsset: (code, segment) => this.additionalAsset(code, segment),
    });
    return new Resvg(svg, { fitTo: { mode: 'original' } }).render().asPng();
  }

  /** Called by satori only for text the loaded fonts cannot draw. */
  private additionalAsset(code: string, segment: string): Promise<string | Font[]> {
    if (code === 'emoji') {
      // No picture: satori then tries the fonts, and a missing glyph is left blank.
      return Promise.resolve(this.emoji.dataUri(segment) ?? []);
    }
    return Promise.resolve(this.fonts.fallbackFor(segment, code));
  }
}
