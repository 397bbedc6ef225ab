import type { Platform } from '../../common/platforms';
import type { PostContent } from './post-content';

/** The media of one part: images imported when the post is due, and the user's own media. */
export interface PartMedia {
  imageUrls?: string[];
  mediaIds?: string[];
}

/** One further part of a thread. */
export interface ThreadPartContent extends PartMedia {
  text: string;
}

export interface FirstCommentContent {
  text: string;
  mediaIds?: string[];
}

export type ThreadFallback = 'first_comment' | 'skip';

/** The optional fields of `post.content` that publish after the post itself. */
export interface PostPartsContent {
  thread?: ThreadPartContent[];
  threadFallback?: ThreadFallback;
  firstComment?: FirstCommentContent;
}

/**
 * How a part goes out: `thread` replies to the part before it (the post for the first one),
 * `comment` answers the post itself.
 */
export type PartKind = 'thread' | 'comment';

/** One part of a run after the post: position 1 is the first part after the post (position 0). */
export interface PlannedPart extends PartMedia {
  position: number;
  kind: PartKind;
  text: string;
}

/** Platforms whose API makes a thread: a post that replies to the account's own post. */
export const THREAD_PLATFORMS: ReadonlySet<Platform> = new Set(['x', 'threads']);

/** Platforms with an API to comment on (or reply to) a published post. */
export const COMMENT_PLATFORMS: ReadonlySet<Platform> = new Set([
  'x',
  'threads',
  'instagram',
  'facebook',
  'linkedin',
  'youtube',
]);

/**
 * Platforms whose replies and comments take media: an X reply is a post, so it carries
 * `media.media_ids` (https://docs.x.com/x-api/posts/create-post, body "media"); a Threads reply
 * is an IMAGE, VIDEO or CAROUSEL container with `reply_to_id`
 * (https://developers.facebook.com/documentation/threads/retrieve-and-manage-replies/create-replies);
 * a Facebook comment takes one photo (part-media-rules.ts). Sandbox accounts follow their
 * platform's rule, as with every request-time rule, and record the media they get.
 */
export const PART_MEDIA_PLATFORMS: ReadonlySet<Platform> = new Set(['x', 'threads', 'facebook']);

export function hasParts(content: PostContent): boolean {
  const parts = content as PostContent & PostPartsContent;
  return (parts.thread?.length ?? 0) > 0 || parts.firstComment !== undefined;
}

/**
 * The parts a run publishes after its post, in order: the thread (as replies on a platform with
 * threads, as comments under `threadFallback: "first_comment"`, not at all under "skip"), then
 * the first comment, each with its media. Request-time rules make sure the platform can publish
 * what is listed.
 */
export function plannedParts(platform: Platform, content: PostContent): PlannedPart[] {
  const { thread = [], threadFallback, firstComment } = content as PostContent & PostPartsContent;
  const parts: Omit<PlannedPart, 'position'>[] = [];
  if (THREAD_PLATFORMS.has(platform)) {
    parts.push(...thread.map((part) => ({ ...part, kind: 'thread' as const })));
  } else if (threadFallback === 'first_comment' && COMMENT_PLATFORMS.has(platform)) {
    parts.push(...thread.map((part) => ({ ...part, kind: 'comment' as const })));
  }
  if (firstComment && COMMENT_PLATFORMS.has(platform)) {
    parts.push({ ...firstComment, kind: 'comment' });
  }
  return parts.map((part, i) => ({ position: i + 1, ...part }));
}
