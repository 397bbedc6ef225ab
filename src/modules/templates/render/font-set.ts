import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import type { Font } from 'satori';
import { draws, readFontsource, type FontFile } from './font-catalog';

/** The family every template names; the fallbacks are found by character, never named. */
export const PRIMARY_FAMILY = 'Inter';
const PRIMARY_FACE = /inter-latin-\d+-normal\.woff$/;
const WEIGHTS = [400, 700] as const;

/**
 * Noto families for scripts and symbols Inter lacks, in the order they are tried. The CJK
 * families come last: their subset files declare odd ranges (Arabic, for one), and draw a few
 * arrows and symbols in their own full-width style.
 */
const FALLBACK_PACKAGES: Record<string, number[]> = {
  '@fontsource/noto-sans-arabic': WEIGHTS.slice(),
  '@fontsource/noto-sans-hebrew': WEIGHTS.slice(),
  '@fontsource/noto-sans-devanagari': WEIGHTS.slice(),
  '@fontsource/noto-sans-thai': WEIGHTS.slice(),
  // One weight only, each. Symbols 2 draws dingbats and shapes; Math draws arrows and operators.
  '@fontsource/noto-sans-symbols-2': [400],
  '@fontsource/noto-sans-math': [400],
  '@fontsource/noto-sans-jp': WEIGHTS.slice(),
  '@fontsource/noto-sans-sc': WEIGHTS.slice(),
  '@fontsource/noto-sans-kr': WEIGHTS.slice(),
};
/**
 * Packages whose one file is the whole font although their CSS declares only Latin: any code
 * point is a candidate, and the file's cmap decides.
 */
const WHOLE_FONT_PACKAGES = new Set(['@fontsource/noto-sans-math']);
const ANY_CODE_POINT: [number, number][] = [[0, 0x10ffff]];
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
      const faces = weights.flatMap((weight) => readFontsource(pkg, weight));
      this.fallbacks.set(
        pkg,
        WHOLE_FONT_PACKAGES.has(pkg)
          ? faces.map((face) => ({ ...face, ranges: ANY_CODE_POINT }))
          : faces,
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
      const family = order.find((face) => draws(face, codePoint))?.family;
      if (family) {
        for (const face of order) {
          if (face.family === family && draws(face, codePoint)) {
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
