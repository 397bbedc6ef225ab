import type { Platform } from '../../common/platforms';
import type { PlatformOptions } from './platform-options';

/** What `post.content.platformOverrides.<platform>` may replace for that platform's targets. */
export interface PlatformOverride {
  text?: string;
  mediaIds?: string[];
  imageUrls?: string[];
  videoUrl?: string;
}

export type PlatformOverrides = Partial<Record<Platform, PlatformOverride>>;

/** What a post says and shows, as stored with the submission (the v1 `post.content` less targeting). */
export interface PostContent {
  text?: string;
  mediaType?: 'text' | 'image' | 'video';
  videoUrl?: string;
  imageUrls?: string[];
  mediaUrls?: string[];
  mediaIds?: string[];
  originalImageUrl?: string;
  originalVideoUrl?: string;
  originalImageUrls?: string[];
  originalMediaUrls?: string[];
  /** Per-platform choices (YouTube title, TikTok privacy, …); absent in plain v1 posts. */
  options?: PlatformOptions;
  /** Per-platform replacements of the text and media (platform-overrides.ts applies them). */
  platformOverrides?: PlatformOverrides;
}

/** The URLs imported when the post is due, in post order: `videoUrl`, `imageUrls`, `mediaUrls`. */
export function remoteMediaUrls(content: PostContent): string[] {
  return [
    ...(content.videoUrl ? [content.videoUrl] : []),
    ...(content.imageUrls ?? []),
    ...(content.mediaUrls ?? []),
  ];
}

/** How many stored media a post publishes with: one per remote URL and per media id. */
export function declaredMediaCount(content: PostContent): number {
  return remoteMediaUrls(content).length + (content.mediaIds?.length ?? 0);
}

/** The media a post carries, by kind, as the platform rules count them. */
export interface MediaSummary {
  images: number;
  videos: number;
  /** Generic URLs and media ids whose kind is not declared. */
  unknown: number;
}

const VIDEO_EXTENSION = /\.(mp4|mov|m4v|webm|avi|mkv)(\?|#|$)/i;

export type MediaKind = 'image' | 'video' | 'audio';

/** Counts by kind; `mediaIdKinds` are the kinds of `mediaIds`, when they are known. */
export function summarizeMedia(content: PostContent, mediaIdKinds?: MediaKind[]): MediaSummary {
  const generic = [...(content.mediaUrls ?? [])];
  const videosFromGeneric = generic.filter((url) => VIDEO_EXTENSION.test(url)).length;
  const ids = mediaIdKinds ?? [];
  return {
    images: (content.imageUrls?.length ?? 0) + ids.filter((kind) => kind === 'image').length,
    videos:
      (content.videoUrl ? 1 : 0) +
      videosFromGeneric +
      ids.filter((kind) => kind === 'video').length,
    unknown:
      generic.length -
      videosFromGeneric +
      ids.filter((kind) => kind === 'audio').length +
      (mediaIdKinds ? 0 : (content.mediaIds?.length ?? 0)),
  };
}

export function mediaKindOf(mimeType: string): MediaKind {
  return mimeType.startsWith('video/')
    ? 'video'
    : mimeType.startsWith('audio/')
      ? 'audio'
      : 'image';
}

/** The v1 "auto-detected if omitted" rule: any video makes a video post, else any media an image post. */
export function detectMediaType(
  content: PostContent,
  mediaIdKinds?: MediaKind[],
): 'text' | 'image' | 'video' {
  if (content.mediaType) {
    return content.mediaType;
  }
  const media = summarizeMedia(content, mediaIdKinds);
  if (media.videos > 0) {
    return 'video';
  }
  return media.images + media.unknown > 0 ? 'image' : 'text';
}
