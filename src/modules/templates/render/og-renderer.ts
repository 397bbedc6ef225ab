import { Resvg } from '@resvg/resvg-js';
import { encode as encodeJpeg } from 'jpeg-js';
import satori, { type Font } from 'satori';
import type { Markup } from './markup';
import { EmojiImages } from './emoji';
import { FontSet } from './font-set';
import type { ImageFormat } from './image-format';

/** High enough that text edges stay clean; a 1200×630 card stays well under 200 kB. */
const JPEG_QUALITY = 90;

export interface RenderJob {
  markup: Markup;
  width: number;
  height: number;
  format: ImageFormat;
}

/**
 * Markup → SVG (satori, text drawn as paths) → pixels (resvg) → PNG, or JPEG (jpeg-js). One per thread: fonts and emoji
 * pictures are read once and reused by every render.
 */
export class OgRenderer {
  private readonly fonts = new FontSet();
  private readonly emoji = new EmojiImages();

  async render({ markup, width, height, format }: RenderJob): Promise<Buffer> {
    const svg = await satori(markup as Parameters<typeof satori>[0], {
      width,
      height,
      fonts: this.fonts.primary,
      loadAdditionalAsset: (code, segment) => this.additionalAsset(code, segment),
    });
    if (format === 'png') {
      return new Resvg(svg, { fitTo: { mode: 'original' } }).render().asPng();
    }
    const image = new Resvg(svg, { fitTo: { mode: 'original' }, background: '#ffffff' }).render();
    return encodeJpeg(
      { data: image.pixels, width: image.width, height: image.height },
      JPEG_QUALITY,
    ).data;
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
