import type { MediaSummary, PostContent } from '../post-content';

const MAX_HASHTAGS = 30;
const MAX_MENTIONS = 20;

/**
 * Instagram: at most 30 hashtags and 20 @mentions in the caption (JPEG only is `jpegOnly` in
 * the rule table).
 */
export function instagramProblems(content: PostContent, _media: MediaSummary): string[] {
  const problems: string[] = [];
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
