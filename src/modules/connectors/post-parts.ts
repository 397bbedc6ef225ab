import type { Platform } from '../../common/platforms';
import type { PostContent } from './post-content';

/** One further part of a thread: text only for now (see `partsMediaProblems`). */
export interface ThreadPartContent {
  text: string;
  mediaIds?: string[];
  imageUrls?: string[];
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
export interface PlannedPart {
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

export function hasParts(content: PostContent): boolean {
  const parts = content as PostContent & PostPartsContent;
  return (parts.thread?.length ?? 0) > 0 || parts.firstComment !== undefined;
}

/**
 * The parts a run publishes after its post, in order: the thread (as replies on a platform with
 * threads, as comments under `threadFallback: "first_comment"`, not at all under "skip"), then
 * the first comment. Request-time rules make sure the platform can publish what is listed.
 */
export function plannedParts(platform: Platform, content: PostContent): PlannedPart[] {
  const { thread = [], threadFallback, firstComment } = content as PostContent & PostPartsContent;
  const texts: { kind: PartKind; text: string }[] = [];
  if (THREAD_PLATFORMS.has(platform)) {
    texts.push(...thread.map((part) => ({ kind: 'thread' as const, text: part.text })));
  } else if (threadFallback === 'first_comment' && COMMENT_PLATFORMS.has(platform)) {
    texts.push(...thread.map((part) => ({ kind: 'comment' as const, text: part.text })));
  }
  if (firstComment && COMMENT_PLATFORMS.has(platform)) {
    texts.push({ kind: 'comment', text: firstComment.text });
  }
  return texts.map((part, i) => ({ position: i + 1, ...part }));
}
