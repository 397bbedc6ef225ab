import type { PostContent } from '../connectors';
import type { UpdatePostContentDto } from './dto/update-post.dto';

const MEDIA_FIELDS = ['videoUrl', 'imageUrls', 'mediaUrls', 'mediaIds'] as const;

/**
 * The stored content with an edit applied: each field sent replaces the stored one, and any
 * media field sent replaces all the media (as an override does), so an edit to a video never
 * keeps the old images beside it.
 */
export function editedContent(
  stored: Record<string, unknown>,
  edit: UpdatePostContentDto | undefined,
): PostContent {
  const sent = Object.fromEntries(
    Object.entries(edit ?? {}).filter(([, value]) => value !== undefined),
  ) as Partial<PostContent>;
  const content = { ...stored } as PostContent;
  if (MEDIA_FIELDS.some((field) => sent[field] !== undefined)) {
    for (const field of MEDIA_FIELDS) {
      delete content[field];
    }
  }
  return { ...content, ...sent };
}
