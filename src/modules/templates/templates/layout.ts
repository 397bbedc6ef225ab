import type { Canvas } from '../render/canvas';
import { fitFontSize, type TextBox } from '../render/fit-text';
import { h, type Child, type Markup, type Style } from '../render/markup';
import { PRIMARY_FAMILY } from '../render/font-set';

/** The root: exactly the canvas, padding inside it (satori overflows with 100% + padding). */
export function frame(canvas: Canvas, style: Style, ...children: Child[]): Markup {
  return h(
    'div',
    {
      style: {
        width: canvas.width,
        height: canvas.height,
        boxSizing: 'border-box',
        display: 'flex',
        flexDirection: 'column',
        overflow: 'hidden',
        fontFamily: PRIMARY_FAMILY,
        ...style,
      },
    },
    ...children,
  );
}

/** Portrait canvases get more room for text; this scales spacing with the short side. */
export function unit(canvas: Canvas): number {
  return Math.min(canvas.width, canvas.height) / 630;
}

/**
 * A text block sized to fit its box: the font shrinks with longer text, and the box clips
 * (with at most `box.height`) so nothing ever spills outside the layout.
 */
export function fittedText(text: string, box: TextBox, style: Style = {}): Markup {
  const fontSize = fitFontSize(text, box);
  return h(
    'div',
    {
      style: {
        display: 'flex',
        maxHeight: box.height,
        overflow: 'hidden',
        fontSize,
        lineHeight: box.lineHeight,
        wordBreak: 'break-word',
        whiteSpace: 'pre-wrap',
        ...style,
      },
    },
    text,
  );
}

/** A round picture, or the first letter of `name` on a coloured disc when there is none. */
export function avatar(size: number, name: string, color: string, src?: string): Markup {
  const round: Style = { width: size, height: size, borderRadius: size / 2, flexShrink: 0 };
  if (src) {
    return h('img', { src, width: size, height: size, style: { ...round, objectFit: 'cover' } });
  }
  const initial = [...name.replace(/^@/, '').trim()][0]?.toUpperCase() ?? '?';
  return h(
    'div',
    {
      style: {
        ...round,
        display: 'flex',
        alignItems: 'center',
        justifyContent: 'center',
        background: color,
        color: '#ffffff',
        fontSize: size * 0.45,
        fontWeight: 700,
      },
    },
    initial,
  );
}
