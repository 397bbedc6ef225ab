import type { FieldProblem } from '../../../common/errors';
import { normalizePlatform, PLATFORM_VALUES, type Platform } from '../../../common/platforms';

/** One entry of `post.content.platform`, parsed. */
export interface TargetRequest {
  platform: Platform;
  accountId?: string;
  targetId?: string;
  /** Where it stood in the body, for error details. */
  field: string;
}

export const MAX_TARGETS = 50;
const MAX_ID_LENGTH = 200;
const OBJECT_KEYS = new Set(['platform', 'accountId', 'targetId']);

/**
 * `platform` is a string, an object `{platform, accountId?, targetId?}` or an array mixing both.
 * Returns the targets, or every problem with its exact path.
 */
export function parseTargets(
  raw: unknown,
  field: string,
): { targets: TargetRequest[]; problems: FieldProblem[] } {
  if (raw === undefined || raw === null) {
    return { targets: [], problems: [{ field, message: 'Required', code: 'invalid_type' }] };
  }
  if (Array.isArray(raw)) {
    if (raw.length === 0) {
      return {
        targets: [],
        problems: [{ field, message: 'At least one platform is required', code: 'too_small' }],
      };
    }
    if (raw.length > MAX_TARGETS) {
      return {
        targets: [],
        problems: [
          {
            field,
            message: `At most ${MAX_TARGETS} targets`,
            code: 'too_big',
            received: raw.length,
          },
        ],
      };
    }
    const parsed = raw.map((item, i) => parseOne(item, `${field}[${i}]`));
    return {
      targets: parsed.flatMap((p) => (p.target ? [p.target] : [])),
      problems: parsed.flatMap((p) => p.problems),
    };
  }
  const one = parseOne(raw, field);
  return { targets: one.target ? [one.target] : [], problems: one.problems };
}

function parseOne(
  raw: unknown,
  field: string,
): { target?: TargetRequest; problems: FieldProblem[] } {
  if (typeof raw === 'string') {
    const platform = normalizePlatform(raw);
    return platform
      ? { target: { platform, field }, problems: [] }
      : { problems: [unknownPlatform(field, raw)] };
  }
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    return {
      problems: [
        {
          field,
          message: 'Expected a platform name or an object {platform, accountId?, targetId?}',
          code: 'invalid_type',
          received: raw,
        },
      ],
    };
  }
  const entry = raw as Record<string, unknown>;
  const problems: FieldProblem[] = Object.keys(entry)
    .filter((key) => !OBJECT_KEYS.has(key))
    .map((key) => ({
      field: `${field}.${key}`,
      message: `Unrecognized field ${field}.${key}`,
      code: 'unrecognized_keys',
    }));
  let platform: Platform | undefined;
  if (entry.platform === undefined) {
    problems.push({ field: `${field}.platform`, message: 'Required', code: 'invalid_type' });
  } else if (
    typeof entry.platform !== 'string' ||
    !(platform = normalizePlatform(entry.platform))
  ) {
    problems.push(unknownPlatform(`${field}.platform`, entry.platform));
  }
  const accountId = optionalId(entry.accountId, `${field}.accountId`, problems);
  const targetId = optionalId(entry.targetId, `${field}.targetId`, problems);
  if (problems.length > 0 || !platform) {
    return { problems };
  }
  return { target: { platform, accountId, targetId, field }, problems };
}

function optionalId(value: unknown, field: string, problems: FieldProblem[]): string | undefined {
  if (value === undefined) {
    return undefined;
  }
  if (typeof value !== 'string' || value.trim().length === 0 || value.length > MAX_ID_LENGTH) {
    problems.push({
      field,
      message: `Expected a non-empty string of at most ${MAX_ID_LENGTH} characters`,
      code: 'invalid_type',
      received: value,
    });
    return undefined;
  }
  return value.trim();
}

function unknownPlatform(field: string, received: unknown): FieldProblem {
  return {
    field,
    message: `Unknown platform; expected one of: ${PLATFORM_VALUES.join(', ')}`,
    code: 'invalid_enum_value',
    received,
  };
}
