import { isDeepStrictEqual } from 'node:util';
import type { PostView } from './post-view';

/** What an edit can change, as a `post.updated` event's `changes` names it. */
export const EDITABLE_FIELDS = [
  'scheduledTime',
  'text',
  'media',
  'overrides',
  'thread',
  'firstComment',
] as const;
export type EditableField = (typeof EDITABLE_FIELDS)[number];

export interface PostChange {
  field: EditableField;
  from: unknown;
  to: unknown;
}

// Any media field an edit sends replaces all of them, so they change as one.
const MEDIA_FIELDS = ['videoUrl', 'imageUrls', 'mediaUrls', 'mediaIds'] as const;

/** The value of `field` in a post as GET shows it; null when the post has none. */
function valueOf(post: PostView, field: EditableField): unknown {
  const content = post.content;
  switch (field) {
    case 'scheduledTime':
      return post.scheduledTime;
    case 'media': {
      const media = Object.fromEntries(
        MEDIA_FIELDS.filter((name) => content[name] !== undefined).map((name) => [
          name,
          content[name],
        ]),
      );
      return Object.keys(media).length > 0 ? media : null;
    }
    case 'overrides':
      return content.platformOverrides ?? null;
    case 'text':
    case 'thread':
    case 'firstComment':
      return content[field] ?? null;
  }
}

/** The fields whose value differs between the post before an edit and after it, in table order. */
export function postChanges(before: PostView, after: PostView): PostChange[] {
  return EDITABLE_FIELDS.flatMap((field) => {
    const from = valueOf(before, field);
    const to = valueOf(after, field);
    return isDeepStrictEqual(from, to) ? [] : [{ field, from, to }];
  });
}
