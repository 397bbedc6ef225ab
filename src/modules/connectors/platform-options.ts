/** Per-platform choices a post may carry in `post.content.options`; each has documented defaults. */

export const TIKTOK_PRIVACY_LEVELS = [
  'PUBLIC_TO_EVERYONE',
  'MUTUAL_FOLLOW_FRIENDS',
  'FOLLOWER_OF_CREATOR',
  'SELF_ONLY',
] as const;
export type TiktokPrivacyLevel = (typeof TIKTOK_PRIVACY_LEVELS)[number];

export interface TiktokOptions {
  /** Default: PUBLIC_TO_EVERYONE when the creator offers it, else SELF_ONLY. */
  privacyLevel?: TiktokPrivacyLevel;
  disableComment?: boolean;
  disableDuet?: boolean;
  disableStitch?: boolean;
  brandContent?: boolean;
  brandOrganic?: boolean;
  isAigc?: boolean;
  videoCoverTimestampMs?: number;
  /** Photo posts: the title (the text becomes the description). */
  photoTitle?: string;
  autoAddMusic?: boolean;
}

export const YOUTUBE_PRIVACY = ['public', 'unlisted', 'private'] as const;

export interface YoutubeOptions {
  /** Default: the text's first line, cut to 100 characters. */
  title?: string;
  /** Default: public. */
  privacy?: (typeof YOUTUBE_PRIVACY)[number];
  /** Default: false. */
  madeForKids?: boolean;
  tags?: string[];
  categoryId?: string;
  notifySubscribers?: boolean;
}

export const LINKEDIN_VISIBILITY = ['PUBLIC', 'CONNECTIONS', 'LOGGED_IN'] as const;

export interface LinkedinOptions {
  /** Default: PUBLIC. */
  visibility?: (typeof LINKEDIN_VISIBILITY)[number];
  /** Post as this organization (its numeric id) instead of the member. */
  organizationId?: string;
}

export const SNAPCHAT_SURFACES = ['story', 'saved_story', 'spotlight'] as const;

export interface SnapchatOptions {
  /** Default: story. */
  surface?: (typeof SNAPCHAT_SURFACES)[number];
  /** Saved stories: the title (≤ 45 characters); default: the text's start. */
  title?: string;
  /** Spotlight: the locale; default en_US. */
  locale?: string;
}

export interface PlatformOptions {
  tiktok?: TiktokOptions;
  youtube?: YoutubeOptions;
  linkedin?: LinkedinOptions;
  snapchat?: SnapchatOptions;
}
