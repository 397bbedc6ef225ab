import type { MediaSummary, PostContent } from '../post-content';
import { declaredImageFormats } from '../declared-media';

/** X takes 4 images, or 1 video, or 1 GIF: a GIF goes alone. */
export function xProblems(
  content: PostContent,
  media: MediaSummary,
  mediaIdTypes?: string[],
): string[] {
  const gifs = declaredImageFormats(content, mediaIdTypes).filter((f) => f === 'gif').length;
  const total = media.images + media.videos + media.unknown;
  return gifs > 0 && total > 1
    ? [
        `X takes one GIF on its own, without other images or a video; the post has ${total} media items`,
      ]
    : [];
}
