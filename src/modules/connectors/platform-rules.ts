import type { Platform } from '../../common/platforms';
import {
  type MediaKind,
  type MediaSummary,
  type PostContent,
  summarizeMedia,
} from './post-content';
import { declaredImageFormats } from './declared-media';
import { instagramProblems } from './instagram/instagram-rules';
import { snapchatProblems } from './snapchat/snapchat-rules';
import { codePointLength, threadsLength, utf8Length, xWeightedLength } from './text-length';
import { TIKTOK_PHOTO_DESCRIPTION, tiktokProblems } from './tiktok/tiktok-rules';
import { xProblems } from './x/x-rules';
import { youtubeProblems } from './youtube/youtube-metadata';

/** What a platform accepts, checked at request time so a bad post is a 400, not a failure later. */
interface PlatformRule {
  name: string;
  maxText: number;
  countText: (text: string) => number;
  /** How the limit is counted, for the message. */
  counted: string;
  requiresMedia: boolean;
  videoOnly?: boolean;
  maxImages: number;
  maxVideos: number;
  /** Images and a video in one post. */
  allowsMixing: boolean;
  /** Images must be JPEG (a template rendered for the platform is made as one). */
  jpegOnly?: boolean;
  /** The platform's own checks beyond these (formats, GIFs, hashtags, its options), from its connector's folder. */
  extraProblems?: (content: PostContent, media: MediaSummary, mediaIdTypes?: string[]) => string[];
}

const RULES: Record<Platform, PlatformRule> = {
  // Text: 280 weighted by twitter-text (https://docs.x.com/fundamentals/counting-characters).
  // Media: 1-4 images or one video / GIF (https://docs.x.com/x-api/posts/create-post, body
  // "media.media_ids").
  x: {
    name: 'X',
    maxText: 280,
    countText: xWeightedLength,
    counted: 'weighted characters (URLs 23, emoji and CJK 2)',
    requiresMedia: false,
    maxImages: 4,
    maxVideos: 1,
    allowsMixing: false,
    extraProblems: xProblems,
  },
  // https://developers.facebook.com/docs/instagram-platform/instagram-graph-api/content-publishing,
  // "Limitations": 2,200-character captions, 30 hashtags, 20 @tags, JPEG only; carousels of 10.
  instagram: {
    name: 'Instagram',
    maxText: 2200,
    countText: codePointLength,
    counted: 'characters',
    requiresMedia: true,
    maxImages: 10,
    maxVideos: 10,
    allowsMixing: true,
    jpegOnly: true,
    extraProblems: instagramProblems,
  },
  // Photos attached to a /feed post, or one /videos upload
  // (https://developers.facebook.com/docs/pages-api/posts, "Publish posts"). The 63,206-character
  // message limit is Facebook's composer limit; the Graph pages do not state one.
  facebook: {
    name: 'Facebook',
    maxText: 63_206,
    countText: codePointLength,
    counted: 'characters',
    requiresMedia: false,
    maxImages: 10,
    maxVideos: 1,
    allowsMixing: false,
  },
  // https://developers.facebook.com/documentation/threads/posts: "Limitations" (500 characters,
  // emoji as their UTF-8 bytes) and "Carousel posts" (up to 20 items, images and videos mixed).
  threads: {
    name: 'Threads',
    maxText: 500,
    countText: threadsLength,
    counted: 'characters (emoji by UTF-8 bytes)',
    requiresMedia: false,
    maxImages: 20,
    maxVideos: 20,
    allowsMixing: true,
  },
  tiktok: {
    name: 'TikTok',
    // A photo description's limit; a video's caption is shorter (tiktok-rules.ts).
    maxText: TIKTOK_PHOTO_DESCRIPTION,
    countText: codePointLength,
    counted: 'characters',
    requiresMedia: true,
    maxImages: 35,
    maxVideos: 1,
    allowsMixing: false,
    extraProblems: tiktokProblems,
  },
  youtube: {
    name: 'YouTube',
    maxText: 5000,
    countText: utf8Length,
    counted: 'bytes',
    requiresMedia: true,
    videoOnly: true,
    maxImages: 0,
    maxVideos: 1,
    allowsMixing: false,
    extraProblems: youtubeProblems,
  },
  linkedin: {
    name: 'LinkedIn',
    maxText: 3000,
    countText: codePointLength,
    counted: 'characters',
    requiresMedia: false,
    maxImages: 20,
    maxVideos: 1,
    allowsMixing: false,
  },
  snapchat: {
    name: 'Snapchat',
    maxText: 160,
    countText: codePointLength,
    counted: 'characters',
    requiresMedia: true,
    maxImages: 1,
    maxVideos: 1,
    allowsMixing: false,
    extraProblems: snapchatProblems,
  },
};

/** Every reason this content cannot go to this platform (empty when it can). */
export function platformProblems(
  platform: Platform,
  content: PostContent,
  mediaIdKinds?: MediaKind[],
  /** MIME types of `mediaIds`, for format rules. */
  mediaIdTypes?: string[],
): string[] {
  const rule = RULES[platform];
  const problems: string[] = [];
  const text = content.text ?? '';
  const media = summarizeMedia(content, mediaIdKinds);
  const mediaCount = media.images + media.videos + media.unknown;

  const length = rule.countText(text);
  if (length > rule.maxText) {
    problems.push(`${rule.name} allows ${rule.maxText} ${rule.counted}; the text has ${length}`);
  }
  if (rule.requiresMedia && mediaCount === 0) {
    problems.push(`${rule.name} needs ${rule.videoOnly ? 'a video' : 'an image or a video'}`);
  }
  if (!rule.requiresMedia && mediaCount === 0 && text.trim() === '') {
    problems.push(`${rule.name} needs text or media`);
  }
  if (rule.videoOnly && media.images > 0) {
    problems.push(`${rule.name} takes a video only, not images`);
  }
  if (media.images > rule.maxImages && !rule.videoOnly) {
    problems.push(
      `${rule.name} takes at most ${rule.maxImages} image${rule.maxImages === 1 ? '' : 's'}; the post has ${media.images}`,
    );
  }
  if (media.videos > rule.maxVideos) {
    problems.push(
      `${rule.name} takes at most ${rule.maxVideos} video${rule.maxVideos === 1 ? '' : 's'}; the post has ${media.videos}`,
    );
  }
  if (!rule.allowsMixing && media.images > 0 && media.videos > 0) {
    problems.push(`${rule.name} does not mix images and a video in one post`);
  }
  if (mediaCount > Math.max(rule.maxImages, rule.maxVideos)) {
    problems.push(
      `${rule.name} takes at most ${Math.max(rule.maxImages, rule.maxVideos)} media items; the post has ${mediaCount}`,
    );
  }
  if (rule.jpegOnly) {
    const others = declaredImageFormats(content, mediaIdTypes).filter(
      (format): format is string => format !== null && format !== 'jpeg',
    );
    if (others.length > 0) {
      problems.push(
        `${rule.name} takes JPEG images only; the post has ${[...new Set(others)].map((f) => f.toUpperCase()).join(', ')}`,
      );
    }
  }
  problems.push(...(rule.extraProblems?.(content, media, mediaIdTypes) ?? []));
  return [...new Set(problems)];
}

/** Whether the platform takes JPEG images only. */
export function takesJpegOnly(platform: Platform): boolean {
  return RULES[platform].jpegOnly === true;
}

/** How long a text is by one platform's rule, against that platform's limit. */
export interface TextLength {
  platform: Platform;
  name: string;
  length: number;
  limit: number;
  /** How the limit is counted ("characters", "bytes", …). */
  counted: string;
}

/** The text measured by the platform's own rule: what the checks here and the console count. */
export function textLengthOf(platform: Platform, text: string): TextLength {
  const rule = RULES[platform];
  const length = rule.countText(text);
  return { platform, name: rule.name, length, limit: rule.maxText, counted: rule.counted };
}

/** The platform's text-length rule alone, for parts published after the post (replies, comments). */
export function textLengthProblem(platform: Platform, text: string): string | null {
  const { name, length, limit, counted } = textLengthOf(platform, text);
  return length > limit ? `${name} allows ${limit} ${counted}; the text has ${length}` : null;
}

/** The platform's display name, for messages. */
export function platformName(platform: Platform): string {
  return RULES[platform].name;
}
