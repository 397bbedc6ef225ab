import type { MediaSummary, PostContent } from '../../../posts/post-content';
import { declaredImageFormats } from '../declared-media';

const MAX_HASHTAGS = 30;
const MAX_MENTIONS = 20;

/** Instagram: JPEG images only, at most 30 hashtags and 20 @mentions in the caption. */
export function instagramProblems(
  content: PostContent,
  _media: MediaSummary,
  mediaIdTypes?: string[],
): string[] {
  const problems: string[] = [];
  const others = declaredImageFormats(content, mediaIdTypes).filter(
    (format): format is string => format !== null && format !== 'jpeg',
  );
  if (others.length > 0) {
    problems.push(
      `Instagram takes JPEG images only; the post has ${[...new Set(others)].map((f) => f.toUpperCase()).join(', ')}`,
    );
  }
  const text = content.text ?? '';
  const hashtags = text.match(/(?:^|\s)#[\p{L}\p{N}_]+/gu)?.length ?? 0;
  if (hashtags > MAX_HASHTAGS) {
    problems.push(`Instagram allows ${MAX_HASHTAGS} hashtags; the caption has ${hashtags}`);
  }
  const mentions = text.match(/(?:^|\s)@[\w.]+/g)?.length ?? 0;
  if (mentions > MAX_MENTIONS) {
    problems.push(`Instagram allows ${MAX_MENTIONS} @mentions; the caption has ${mentions}`);
  }
  return problems;
}
