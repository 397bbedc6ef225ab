import { existsSync, readFileSync } from 'node:fs';
import * as path from 'node:path';

const ZWJ = '\u200d';
const VARIATION_SELECTOR = /\ufe0f/g;

/**
 * Colour emoji as Twemoji SVGs shipped in @discordapp/twemoji: satori asks for each emoji
 * grapheme and draws the returned image inline with the text.
 */
export class EmojiImages {
  private readonly dir = path.join(
    path.dirname(require.resolve('@discordapp/twemoji/package.json')),
    'dist',
    'svg',
  );
  /**
   * Only graphemes Twemoji draws, so the cache is bounded by the files it ships: misses come from
   * whatever text a caller sends (any ZWJ sequence is one grapheme) and are looked up again.
   */
  private readonly cache = new Map<string, string>();

  /** A data URI for the grapheme, or undefined when Twemoji has no picture for it. */
  dataUri(grapheme: string): string | undefined {
    const cached = this.cache.get(grapheme);
    if (cached !== undefined) {
      return cached;
    }
    const loaded = this.load(grapheme);
    if (loaded !== undefined) {
      this.cache.set(grapheme, loaded);
    }
    return loaded;
  }

  /** Graphemes held in memory. */
  get size(): number {
    return this.cache.size;
  }

  private load(grapheme: string): string | undefined {
    for (const name of twemojiNames(grapheme)) {
      const file = path.join(this.dir, `${name}.svg`);
      if (existsSync(file)) {
        return `data:image/svg+xml;base64,${readFileSync(file).toString('base64')}`;
      }
    }
    return undefined;
  }
}

/** Twemoji's file naming: code points in hex joined by `-`, U+FE0F dropped outside ZWJ sequences. */
export function twemojiNames(grapheme: string): string[] {
  const name = (text: string): string =>
    [...text].map((char) => char.codePointAt(0)!.toString(16)).join('-');
  const stripped = grapheme.replace(VARIATION_SELECTOR, '');
  const preferred = grapheme.includes(ZWJ) ? grapheme : stripped;
  return [...new Set([name(preferred), name(stripped), name(grapheme)])];
}
