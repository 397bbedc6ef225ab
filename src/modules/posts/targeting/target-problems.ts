import type { FieldProblem } from '../../../common/errors';
import type { Platform } from '../../../common/platforms';
import {
  effectiveContent,
  mediaKindOf,
  OVERRIDE_MEDIA_FIELDS,
  platformProblems,
  type PostContent,
} from '../../connectors';
import type { ResolvedTarget } from './resolve-targets';

export const OVERRIDES_FIELD = 'body.post.content.platformOverrides';

/**
 * The platform rules of one target, run on what that target would publish. A problem its
 * platform's override causes names the override's field: the text when emptying it clears the
 * problem, else its media field (or the override when it names several).
 */
export function targetProblems(
  target: ResolvedTarget,
  content: PostContent,
  typesById: Map<string, string>,
): FieldProblem[] {
  const effective = effectiveContent(content, target.platform);
  const problems = rulesOf(target.platform, effective, typesById);
  const override = content.platformOverrides?.[target.platform];
  const textCaused =
    override?.text === undefined
      ? new Set<string>()
      : new Set(
          problems.filter(
            (p) => !rulesOf(target.platform, { ...effective, text: '' }, typesById).includes(p),
          ),
        );
  const mediaFields = OVERRIDE_MEDIA_FIELDS.filter((f) => override?.[f] !== undefined);
  const overridePath = `${OVERRIDES_FIELD}.${target.platform}`;
  const mediaPath = mediaFields.length === 1 ? `${overridePath}.${mediaFields[0]}` : overridePath;
  return problems.map((message) => ({
    field: textCaused.has(message)
      ? `${overridePath}.text`
      : mediaFields.length > 0
        ? mediaPath
        : target.field,
    message,
    code: 'platform_rule',
    received: target.targetId,
  }));
}

/** The platform's rules of this content, its `mediaIds` typed by `typesById`. */
export function rulesOf(
  platform: Platform,
  content: PostContent,
  typesById: Map<string, string>,
): string[] {
  const types = content.mediaIds?.map((id) => typesById.get(id) as string);
  return platformProblems(platform, content, types?.map(mediaKindOf), types);
}

/** An override for a platform none of the targets is on would silently do nothing: refused. */
export function untargetedOverrides(
  content: PostContent,
  targets: ResolvedTarget[],
): FieldProblem[] {
  const targeted = new Set<string>(targets.map((t) => t.platform));
  return Object.keys(content.platformOverrides ?? {})
    .filter((platform) => !targeted.has(platform))
    .map((platform) => ({
      field: `${OVERRIDES_FIELD}.${platform}`,
      message: `The post has no ${platform} target: remove this override or add a ${platform} target`,
      code: 'unrecognized_keys',
      received: platform,
    }));
}
