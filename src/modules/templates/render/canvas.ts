export const ASPECT_RATIOS = ['1:1', '4:5', '9:16'] as const;
export type AspectRatio = (typeof ASPECT_RATIOS)[number];

/** The output size; templates lay themselves out from it. */
export interface Canvas {
  width: number;
  height: number;
}

/** Open Graph's 1200×630 unless a social ratio is asked for. */
export const OPEN_GRAPH: Canvas = { width: 1200, height: 630 };
const SIZES: Record<AspectRatio, Canvas> = {
  '1:1': { width: 1080, height: 1080 },
  '4:5': { width: 1080, height: 1350 },
  '9:16': { width: 1080, height: 1920 },
};

export function canvasFor(ratio?: AspectRatio): Canvas {
  return ratio ? SIZES[ratio] : OPEN_GRAPH;
}
