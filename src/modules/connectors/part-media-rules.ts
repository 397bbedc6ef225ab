import type { Platform } from '../../common/platforms';
import { type MediaKind, summarizeMedia } from './post-content';
import type { PartMedia } from './post-parts';
import { platformName, platformProblems } from './platform-rules';

/**
 * Platforms whose comments take less media than their posts: a Facebook comment carries one
 * photo as `attachment_url` and no video
 * (https://developers.facebook.com/docs/graph-api/reference/object/comments, "Publishing").
 */
const ONE_PHOTO_COMMENTS: ReadonlySet<Platform> = new Set(['facebook']);

/**
 * The media rules of one reply or comment: one photo where the platform's comments take one,
 * else the platform's post rules (an X reply is a post, a Threads reply a container like a
 * post's, up to 20 carousel items).
 */
export function partMediaProblems(
  platform: Platform,
  media: PartMedia,
  mediaIdKinds?: MediaKind[],
  mediaIdTypes?: string[],
): string[] {
  const content = { imageUrls: media.imageUrls, mediaIds: media.mediaIds };
  if (!ONE_PHOTO_COMMENTS.has(platform)) {
    return platformProblems(platform, content, mediaIdKinds, mediaIdTypes);
  }
  const { images, videos, unknown } = summarizeMedia(content, mediaIdKinds);
  const name = platformName(platform);
  const problems: string[] = [];
  if (videos > 0) {
    problems.push(`${name} comments take a photo, not a video`);
  }
  if (images + unknown > 1) {
    problems.push(`${name} comments take one photo; the comment has ${images + unknown}`);
  }
  return problems;
}
