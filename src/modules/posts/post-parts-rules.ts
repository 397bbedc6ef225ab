import type { FieldProblem } from '../../common/errors';
import type { Platform } from '../../common/platforms';
import {
  COMMENT_PLATFORMS,
  platformName,
  type PostContent,
  type PostPartsContent,
  textLengthProblem,
  THREAD_PLATFORMS,
} from '../connectors';

const CONTENT = 'body.post.content';
const NO_PART_MEDIA =
  'Media in thread parts and first comments are not supported yet: send their text only';

interface Target {
  platform: Platform;
  targetId: string;
}

/**
 * The request-time rules of a post's parts (thread, threadFallback, firstComment) for each
 * target: what the platform cannot publish is refused naming it, and every part's text is held
 * to the platform's length rule, at the part's own path.
 */
export function partsProblems(targets: Target[], content: PostContent): FieldProblem[] {
  const { thread = [], threadFallback, firstComment } = content as PostContent & PostPartsContent;
  const problems: FieldProblem[] = mediaProblems(content);
  for (const { platform, targetId } of targets) {
    const name = platformName(platform);
    const refuse = (field: string, message: string) =>
      problems.push({ field, message, code: 'platform_rule', received: targetId });
    const textRule = (field: string, text: string) => {
      const problem = textLengthProblem(platform, text);
      if (problem) {
        refuse(field, problem);
      }
    };
    const threaded = THREAD_PLATFORMS.has(platform);
    if (thread.length > 0 && !threaded && threadFallback === undefined) {
      refuse(
        `${CONTENT}.thread`,
        `${name} has no threads: set threadFallback to "first_comment" or "skip"`,
      );
    }
    const threadAsComments = !threaded && threadFallback === 'first_comment';
    if (thread.length > 0 && threadAsComments && !COMMENT_PLATFORMS.has(platform)) {
      refuse(`${CONTENT}.threadFallback`, `${name} has no comments: use threadFallback "skip"`);
    }
    if (threaded || (threadAsComments && COMMENT_PLATFORMS.has(platform))) {
      thread.forEach((part, i) => textRule(`${CONTENT}.thread[${i}].text`, part.text));
    }
    if (firstComment && !COMMENT_PLATFORMS.has(platform)) {
      refuse(`${CONTENT}.firstComment`, `${name} has no comments: remove firstComment`);
    } else if (firstComment) {
      textRule(`${CONTENT}.firstComment.text`, firstComment.text);
    }
  }
  return unique(problems);
}

function mediaProblems(content: PostContent): FieldProblem[] {
  const { thread = [], firstComment } = content as PostContent & PostPartsContent;
  const fields = [
    ...thread.flatMap((part, i) => [
      ...(part.mediaIds?.length ? [`${CONTENT}.thread[${i}].mediaIds`] : []),
      ...(part.imageUrls?.length ? [`${CONTENT}.thread[${i}].imageUrls`] : []),
    ]),
    ...(firstComment?.mediaIds?.length ? [`${CONTENT}.firstComment.mediaIds`] : []),
  ];
  return fields.map((field) => ({ field, message: NO_PART_MEDIA, code: 'unsupported' }));
}

/** Two targets on one platform break its rules once. */
function unique(problems: FieldProblem[]): FieldProblem[] {
  const seen = new Set<string>();
  return problems.filter((problem) => {
    const key = `${problem.field}\n${problem.message}`;
    return seen.has(key) ? false : (seen.add(key), true);
  });
}
