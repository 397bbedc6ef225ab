import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import type { Font } from 'satori';
import { covers, readFontsource, type FontFile } from './font-catalog';

/** The family every template names; the fallbacks are found by character, never named. */
export const PRIMARY_FAMILY = 'Inter';
const PRIMARY_FACE = /inter-latin-\d+-normal\.woff$/;
const WEIGHTS = [400, 700] as const;

/**
 * Noto families for scripts Inter lacks, in the order they are tried. The CJK families come
 * last: their subset files declare odd ranges (Arabic, for one) they draw no glyphs for.
 */
const FALLBACK_PACKAGES: Record<string, number[]> = {
  '@fontsource/noto-sans-arabic': WEIGHTS.slice(),
  '@fontsource/noto-sans-hebrew': WEIGHTS.slice(),
  '@fontsource/noto-sans-devanagari': WEIGHTS.slice(),
  '@fontsource/noto-sans-thai': WEIGHTS.slice(),
  '@fontsource/noto-sans-jp': WEIGHTS.slice(),
  '@fontsource/noto-sans-sc': WEIGHTS.slice(),
  '@fontsource/noto-sans-kr': WEIGHTS.slice(),
  // One weight only.
  '@fontsource/noto-sans-symbols-2': [400],
};
/** satori's locale for a run of text → the family to try before the rest. */
const PREFERRED: [RegExp, string][] = [
  [/^ar/, '@fontsource/noto-sans-arabic'],
  [/^he/, '@fontsource/noto-sans-hebrew'],
  [/^(devanagari|hi)/, '@fontsource/noto-sans-devanagari'],
  [/^th/, '@fontsource/noto-sans-thai'],
  [/^ja/, '@fontsource/noto-sans-jp'],
  [/^zh/, '@fontsource/noto-sans-sc'],
  [/^ko/, '@fontsource/noto-sans-kr'],
];

/**
 * Fonts from npm, read once per thread: Inter (every subset, both weights) up front, and for
 * text Inter cannot draw, only the Noto subset files that contain those characters. The same
 * Buffer is handed out each time, so satori's parse cache (keyed by the data) parses it once.
 */
export class FontSet {
  readonly primary: Font[];
  private readonly fallbacks = new Map<string, FontFile[]>();
  private readonly data = new Map<string, Buffer>();

  constructor() {
    this.primary = WEIGHTS.flatMap((weight) =>
      readFontsource('@fontsource/inter', weight).map((face) => this.toFont(face)),
    );
    for (const [pkg, weights] of Object.entries(FALLBACK_PACKAGES)) {
      this.fallbacks.set(
        pkg,
        weights.flatMap((weight) => readFontsource(pkg, weight)),
      );
    }
  }

  /**
   * The fallback faces that draw `text`, both weights where the family has them. `locale` is
   * satori's guess for the run (`ar-AR`, `ja-JP|zh-CN|...`), used only to pick which family
   * goes first.
   */
  fallbackFor(text: string, locale: string): Font[] {
    const preferred = PREFERRED.find(([pattern]) => pattern.test(locale))?.[1];
    const order = [
      ...(preferred ? this.fallbacks.get(preferred)! : []),
      ...[...this.fallbacks].filter(([pkg]) => pkg !== preferred).flatMap(([, faces]) => faces),
    ];
    const chosen = new Set<FontFile>();
    for (const char of new Set(text)) {
      const codePoint = char.codePointAt(0)!;
      if (codePoint < 0x80) {
        continue;
      }
      const family = order.find((face) => covers(face, codePoint))?.family;
      if (family) {
        for (const face of order) {
          if (face.family === family && covers(face, codePoint)) {
            chosen.add(face);
          }
        }
      }
    }
    return [...chosen].map((face) => this.toFont(face));
  }

  private toFont(face: FontFile): Font {
    let data = this.data.get(face.file);
    if (!data) {
      data = readFileSync(face.file);
      this.data.set(face.file, data);
    }
    return { name: faceName(face), data, weight: face.weight as Font['weight'], style: 'normal' };
  }
}

/**
 * satori keeps one face per name and weight, so subset files of one family must not share a
 * name: Inter's Latin file is "Inter", every other file is named after itself and found by
 * satori's per-character fallback across all loaded fonts.
 */
function faceName(face: FontFile): string {
  return PRIMARY_FACE.test(face.file) ? PRIMARY_FAMILY : path.basename(face.file, '.woff');
}
