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
  private readonly cache = new Map<string, string | undefined>();

  /** A data URI for the grapheme, or undefined when Twemoji has no picture for it. */
  dataUri(grapheme: string): string | undefined {
    if (!this.cache.has(grapheme)) {
      this.cache.set(grapheme, this.load(grapheme));
    }
    return this.cache.get(grapheme);
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
