/** The part of satori's own font parser Soku reads: which code points a font file maps. */
declare module '@shuding/opentype.js' {
  export interface ParsedFont {
    tables: { cmap: { glyphIndexMap: Record<number, number> } };
  }
  export function parse(buffer: ArrayBuffer): ParsedFont;
}
