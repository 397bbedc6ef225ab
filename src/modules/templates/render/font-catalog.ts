import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { parse } from '@shuding/opentype.js';

/** One woff file of a @fontsource package and the code points its @font-face declares. */
export interface FontFile {
  family: string;
  weight: number;
  file: string;
  /** Inclusive [first, last] code point ranges, from `unicode-range`. */
  ranges: [number, number][];
}

const FACE = /@font-face\s*{([^}]*)}/g;

/**
 * Reads a @fontsource package's `<weight>.css` (the only place that says which subset file
 * covers which characters) and lists its woff files, the format satori parses natively.
 */
export function readFontsource(pkg: string, weight: number): FontFile[] {
  const css = path.join(path.dirname(require.resolve(`${pkg}/package.json`)), `${weight}.css`);
  const text = readFileSync(css, 'utf8');
  const files: FontFile[] = [];
  for (const [, body] of text.matchAll(FACE)) {
    const family = /font-family:\s*'([^']+)'/.exec(body)?.[1];
    const woff = /url\(\.\/(files\/[^)]+\.woff)\)/.exec(body)?.[1];
    const range = /unicode-range:\s*([^;]+);/.exec(body)?.[1];
    if (family && woff && range) {
      files.push({
        family,
        weight,
        file: path.join(path.dirname(css), woff),
        ranges: parseUnicodeRange(range),
      });
    }
  }
  if (files.length === 0) {
    throw new Error(`No woff faces found in ${css}`);
  }
  return files;
}

/** `U+0000-00FF,U+0131,U+4??` → inclusive ranges. */
export function parseUnicodeRange(value: string): [number, number][] {
  return value.split(',').map((part) => {
    const spec = part.trim().replace(/^U\+/i, '');
    if (spec.includes('?')) {
      return [parseInt(spec.replace(/\?/g, '0'), 16), parseInt(spec.replace(/\?/g, 'f'), 16)];
    }
    const [first, last = first] = spec.split('-');
    return [parseInt(first, 16), parseInt(last, 16)];
  });
}

export function covers(font: FontFile, codePoint: number): boolean {
  return font.ranges.some(([first, last]) => codePoint >= first && codePoint <= last);
}

/**
 * A face's `unicode-range` is what its CSS declares, not what the file draws: several Noto subset
 * files declare arrows and symbols they have no glyph for, and satori then draws a box. The
 * cmap, read with satori's own parser, is the truth.
 */
export function draws(font: FontFile, codePoint: number): boolean {
  return covers(font, codePoint) && mappedCodePoints(font.file).has(codePoint);
}

const cmaps = new Map<string, Set<number>>();

/** The code points a font file maps to a glyph, read once per file and thread. */
export function mappedCodePoints(file: string): Set<number> {
  let mapped = cmaps.get(file);
  if (!mapped) {
    const data = readFileSync(file);
    const font = parse(data.buffer.slice(data.byteOffset, data.byteOffset + data.byteLength));
    const glyphs = font.tables.cmap.glyphIndexMap;
    mapped = new Set(
      Object.keys(glyphs)
        .map(Number)
        .filter((codePoint) => glyphs[codePoint] > 0),
    );
    cmaps.set(file, mapped);
  }
  return mapped;
}
