import type { MediaSummary, PostContent } from '../post-content';

/** Request-time checks beyond the common rule: Spotlight takes a video only. */
export function snapchatProblems(content: PostContent, media: MediaSummary): string[] {
  return content.options?.snapchat?.surface === 'spotlight' && media.images > 0
    ? ['Snapchat Spotlight takes a video, not an image']
    : [];
}
