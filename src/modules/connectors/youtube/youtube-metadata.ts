import type { PostContent } from '../post-content';
import type { MediaSummary } from '../post-content';

const MAX_TITLE = 100;

/** `options.youtube.title`, else the text's first line without < and >, cut to 100 characters. */
export function youtubeTitle(content: PostContent): string {
  const chosen = content.options?.youtube?.title;
  if (chosen) {
    return chosen;
  }
  const firstLine = (content.text ?? '').split('\n').find((line) => line.trim() !== '') ?? '';
  return [...firstLine.replace(/[<>]/g, '').trim()].slice(0, MAX_TITLE).join('').trim();
}

/**
 * Request-time checks beyond the common rule: YouTube requires a title, and its description
 * "may contain all valid UTF-8 characters except < and >"
 * (https://developers.google.com/youtube/v3/docs/videos#snippet.description); the text is the
 * description, so a text with them is refused here rather than by YouTube after the upload.
 */
export function youtubeProblems(content: PostContent, _media: MediaSummary): string[] {
  const problems: string[] = [];
  if (youtubeTitle(content) === '') {
    problems.push(
      'YouTube needs a title: give the post text or set post.content.options.youtube.title',
    );
  }
  if (/[<>]/.test(content.text ?? '')) {
    problems.push(
      'YouTube does not allow < or > in a video description: remove them from post.content.text',
    );
  }
  return problems;
}

/** The videos.insert resource: snippet and status from the options, with their defaults. */
export function youtubeVideoResource(content: PostContent): Record<string, unknown> {
  const options = content.options?.youtube ?? {};
  return {
    snippet: {
      title: youtubeTitle(content),
      description: content.text ?? '',
      ...(options.tags?.length ? { tags: options.tags } : {}),
      ...(options.categoryId ? { categoryId: options.categoryId } : {}),
    },
    status: {
      privacyStatus: options.privacy ?? 'public',
      selfDeclaredMadeForKids: options.madeForKids ?? false,
    },
  };
}
