import type { PostContent } from './post-content';

/**
 * The image formats a post declares at request time: each image URL's extension (`jpeg`, `png`,
 * or null when it has none) and the MIME subtype of each image in `mediaIds`. The stored copy's
 * real type is checked again by the connector before publishing.
 */
export function declaredImageFormats(
  content: PostContent,
  mediaIdTypes: string[] = [],
): (string | null)[] {
  const fromUrls = [...(content.imageUrls ?? []), ...(content.mediaUrls ?? [])]
    .map(
      (url) =>
        /\.([a-z0-9]{2,5})(?:[?#]|$)/i.exec(url.split(/[?#]/)[0])?.[1]?.toLowerCase() ?? null,
    )
    .filter((ext) => !ext || !VIDEO_EXTENSIONS.has(ext))
    .map((ext) => (ext === 'jpg' || ext === 'jpe' ? 'jpeg' : ext));
  const fromIds = mediaIdTypes
    .filter((type) => type.startsWith('image/'))
    .map((type) => type.slice('image/'.length));
  return [...fromUrls, ...fromIds];
}

const VIDEO_EXTENSIONS = new Set(['mp4', 'mov', 'm4v', 'webm', 'avi', 'mkv']);
