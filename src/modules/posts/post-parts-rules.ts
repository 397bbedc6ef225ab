import type { FieldProblem } from '../../common/errors';
import type { Platform } from '../../common/platforms';
import {
  COMMENT_PLATFORMS,
  mediaKindOf,
  type PartMedia,
  partMediaProblems,
  platformName,
  type PostContent,
  type PostPartsContent,
  PART_MEDIA_PLATFORMS,
  textLengthProblem,
  THREAD_PLATFORMS,
} from '../connectors';

const CONTENT = 'body.post.content';

interface Target {
  platform: Platform;
  targetId: string;
}

/** One part of the request with its field path, e.g. `body.post.content.thread[1]`. */
interface RequestPart {
  path: string;
  text: string;
  media: PartMedia;
}

/** The parts' `mediaIds` lists at their paths, checked like the post's own (planner). */
export function partMediaIdLists(content: PostContent): { field: string; ids: string[] }[] {
  const { thread = [], firstComment } = content as PostContent & PostPartsContent;
  return [
    ...thread.map((part, i) => ({ field: `${CONTENT}.thread[${i}].mediaIds`, ids: part.mediaIds })),
    { field: `${CONTENT}.firstComment.mediaIds`, ids: firstComment?.mediaIds },
  ].flatMap((list) => (list.ids?.length ? [{ field: list.field, ids: list.ids }] : []));
}

/**
 * The request-time rules of a post's parts (thread, threadFallback, firstComment) for each
 * target: what the platform cannot publish is refused naming it, and every part's text and
 * media are held to the platform's rules, at the part's own path. `typesById` holds the MIME
 * types of every media id the request names.
 */
export function partsProblems(
  targets: Target[],
  content: PostContent,
  typesById: Map<string, string>,
): FieldProblem[] {
  const { thread = [], threadFallback, firstComment } = content as PostContent & PostPartsContent;
  const problems: FieldProblem[] = [];
  for (const { platform, targetId } of targets) {
    const name = platformName(platform);
    const refuse = (field: string, message: string) =>
      problems.push({ field, message, code: 'platform_rule', received: targetId });
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
    const published: RequestPart[] = [];
    if (threaded || (threadAsComments && COMMENT_PLATFORMS.has(platform))) {
      published.push(
        ...thread.map((part, i) => ({
          path: `${CONTENT}.thread[${i}]`,
          text: part.text,
          media: part,
        })),
      );
    }
    if (firstComment && !COMMENT_PLATFORMS.has(platform)) {
      refuse(`${CONTENT}.firstComment`, `${name} has no comments: remove firstComment`);
    } else if (firstComment) {
      published.push({
        path: `${CONTENT}.firstComment`,
        text: firstComment.text,
        media: firstComment,
      });
    }
    for (const part of published) {
      partProblems(platform, part, typesById).forEach((problem) => refuse(...problem));
    }
  }
  return unique(problems);
}

/** One published part's text and media against its platform's rules, as [field, message]. */
function partProblems(
  platform: Platform,
  part: RequestPart,
  typesById: Map<string, string>,
): [string, string][] {
  const problems: [string, string][] = [];
  const textProblem = textLengthProblem(platform, part.text);
  if (textProblem) {
    problems.push([`${part.path}.text`, textProblem]);
  }
  const fields = mediaFieldsOf(part.media);
  if (fields.length > 0 && !PART_MEDIA_PLATFORMS.has(platform)) {
    const what = THREAD_PLATFORMS.has(platform) ? 'replies' : 'comments';
    for (const field of fields) {
      const path = `${part.path}.${field}`;
      problems.push([path, `${platformName(platform)} ${what} take text only: remove ${path}`]);
    }
  } else if (fields.length > 0) {
    const path = fields.length === 1 ? `${part.path}.${fields[0]}` : part.path;
    const types = part.media.mediaIds?.map((id) => typesById.get(id) as string);
    for (const message of partMediaProblems(platform, part.media, types?.map(mediaKindOf), types)) {
      problems.push([path, message]);
    }
  }
  return problems;
}

function mediaFieldsOf(media: PartMedia): ('imageUrls' | 'mediaIds')[] {
  return (['imageUrls', 'mediaIds'] as const).filter((field) => (media[field]?.length ?? 0) > 0);
}

/** Two targets on one platform break its rules once. */
function unique(problems: FieldProblem[]): FieldProblem[] {
  const seen = new Set<string>();
  return problems.filter((problem) => {
    const key = `${problem.field}\n${problem.message}`;
    return seen.has(key) ? false : (seen.add(key), true);
  });
}
