import type { MediaSummary, PostContent } from '../post-content';
import { declaredImageFormats } from '../declared-media';
import { codePointLength } from '../text-length';

/**
 * A video's caption (post_info.title) is at most 2,200 characters
 * (https://developers.tiktok.com/doc/content-posting-api-reference-direct-post, "Request Body");
 * a photo post's description 4,000, its title 90
 * (https://developers.tiktok.com/doc/content-posting-api-reference-photo-post, "Request Body").
 */
export const TIKTOK_VIDEO_CAPTION = 2200;
export const TIKTOK_PHOTO_DESCRIPTION = 4000;

/** Photos are JPEG or WebP only (https://developers.tiktok.com/doc/content-posting-api-media-transfer-guide, "Image Restrictions"). */
const PHOTO_FORMATS = new Set(['jpeg', 'webp']);

/** TikTok's checks beyond the table: the caption limit of a video, the formats of photos. */
export function tiktokProblems(
  content: PostContent,
  media: MediaSummary,
  mediaIdTypes?: string[],
): string[] {
  const problems: string[] = [];
  const length = codePointLength(content.text ?? '');
  if (media.videos > 0 && length > TIKTOK_VIDEO_CAPTION) {
    problems.push(
      `TikTok allows ${TIKTOK_VIDEO_CAPTION} characters in a video caption; the text has ${length}`,
    );
  }
  const others = declaredImageFormats(content, mediaIdTypes).filter(
    (format): format is string => format !== null && !PHOTO_FORMATS.has(format),
  );
  if (others.length > 0) {
    problems.push(
      `TikTok takes JPEG or WebP photos only; the post has ${[...new Set(others)].map((f) => f.toUpperCase()).join(', ')}`,
    );
  }
  return problems;
}
