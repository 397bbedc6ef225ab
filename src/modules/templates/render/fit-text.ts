export interface TextBox {
  width: number;
  height: number;
  /** Largest and smallest font size to try, pixels. */
  max: number;
  min: number;
  lineHeight: number;
  /** Average advance of a Latin character in em (Inter: about 0.55, bold about 0.6). */
  charWidth?: number;
}

const WIDE =
  /[\u1100-\u11ff\u2e80-\ua4cf\uac00-\ud7af\uf900-\ufaff\uff00-\uffef]|\p{Extended_Pictographic}/u;

/**
 * The largest font size (2 px steps) at which `text` is expected to fit the box, estimated from
 * character widths (CJK and emoji count as 1 em). Layouts also clip, so an estimate that is a
 * little off shrinks text or hides its tail; it never overflows the canvas.
 */
export function fitFontSize(text: string, box: TextBox): number {
  const charWidth = box.charWidth ?? 0.56;
  for (let size = box.max; size > box.min; size -= 2) {
    if (linesAt(text, size, charWidth, box.width) * size * box.lineHeight <= box.height) {
      return size;
    }
  }
  return box.min;
}

/** How many lines `text` needs at `size`: words wrap, and a word wider than the box breaks. */
export function linesAt(text: string, size: number, charWidth: number, width: number): number {
  const advance = (word: string): number =>
    [...word].reduce((sum, char) => sum + (WIDE.test(char) ? 1 : charWidth), 0) * size;
  const space = charWidth * size * 0.5;
  let lines = 0;
  for (const paragraph of text.split('\n')) {
    let line = 0;
    lines++;
    for (const word of paragraph.split(/\s+/).filter(Boolean)) {
      const w = advance(word);
      if (line > 0 && line + space + w > width) {
        lines++;
        line = 0;
      }
      if (w > width) {
        lines += Math.ceil(w / width) - 1;
        line = w % width;
      } else {
        line += (line > 0 ? space : 0) + w;
      }
    }
  }
  return lines;
}
