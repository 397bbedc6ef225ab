/**
 * What a render is encoded as: PNG by default; JPEG for platforms that take nothing else
 * (Instagram), drawn on white since JPEG has no transparency.
 */
export const IMAGE_FORMATS = ['png', 'jpeg'] as const;
export type ImageFormat = (typeof IMAGE_FORMATS)[number];

export const IMAGE_ENCODINGS: Record<ImageFormat, { mimeType: string; extension: string }> = {
  png: { mimeType: 'image/png', extension: 'png' },
  jpeg: { mimeType: 'image/jpeg', extension: 'jpg' },
};
