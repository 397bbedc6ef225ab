import { Injectable } from '@nestjs/common';
import type { Scope } from '../../common/auth/route-auth';
import { type FieldProblem, ValidationFailedError } from '../../common/errors';
import { detectMediaType, mediaKindOf, type PostContent } from '../connectors';
import { AccountDirectory } from '../integrations';
import { MediaNotFoundError } from '../media';
import { MediaService } from '../media';
import type { NewRun } from '../publishing';
import type { CreatePostDto } from './dto/create-post.dto';
import { MissingIntegrationsError } from './posts.errors';
import { isUuid } from '../../common/validation/uuid';
import { partMediaIdLists, partsProblems } from './post-parts-rules';
import { parseScheduledTime } from './scheduled-time';
import { parseTargets } from './targeting/parse-targets';
import { type ResolvedTarget, resolveTargets } from './targeting/resolve-targets';
import { OVERRIDES_FIELD, targetProblems, untargetedOverrides } from './targeting/target-problems';

const FIELD = 'body.post.content.platform';

/** A post that passed every request-time check: what create stores and validate reports. */
export interface Plan {
  content: PostContent;
  mediaType: 'text' | 'image' | 'video';
  scheduledTime: Date | null;
  targets: ResolvedTarget[];
}

/** The runs a plan stores: one per resolved target. */
export function runsOf(plan: Plan): NewRun[] {
  return plan.targets.map((t) => ({
    platform: t.platform,
    accountId: t.accountId,
    integrationId: t.integrationId,
    targetId: t.targetId,
  }));
}

/**
 * Steps 1–4 of `POST /v1/posts`: the content, its media, its targets and every platform rule
 * checked at once, so a bad post is a 400 listing every problem instead of a failure later.
 */
@Injectable()
export class PostPlanner {
  constructor(
    private readonly accounts: AccountDirectory,
    private readonly media: MediaService,
  ) {}

  /** Targets resolve among the accounts of `scope`'s profile only. */
  async plan(scope: Scope, body: CreatePostDto): Promise<Plan> {
    const { platform: rawTargets, ...rest } = body.post.content;
    const content = stripUndefined(rest) as PostContent;
    if (content.platformOverrides) {
      // Only the overrides and fields the caller sent: an absent one must not count as given.
      content.platformOverrides = Object.fromEntries(
        Object.entries(stripUndefined(content.platformOverrides)).map(([platform, override]) => [
          platform,
          stripUndefined(override as object),
        ]),
      );
    }
    const scheduled = parseScheduledTime(body.scheduledTime);
    const requests = parseTargets(rawTargets, FIELD).targets;
    const typesById = await this.mediaTypes(scope, content);
    const types = content.mediaIds?.map((id) => typesById.get(id) as string);
    const kinds = types?.map(mediaKindOf);
    const { targets, missing } = resolveTargets(requests, await this.accounts.listAccounts(scope));
    if (missing.length > 0) {
      throw new MissingIntegrationsError(missing);
    }
    const problems: FieldProblem[] = [
      ...untargetedOverrides(content, targets),
      ...targets.flatMap((target) => targetProblems(target, content, typesById)),
      ...partsProblems(targets, content, typesById),
    ];
    if (problems.length > 0) {
      throw new ValidationFailedError(problems);
    }
    return {
      content,
      mediaType: detectMediaType(content, kinds),
      scheduledTime: 'at' in scheduled ? scheduled.at : null,
      targets,
    };
  }

  /**
   * The MIME types of the post's `mediaIds`, its overrides' and its parts', which must be the
   * ready media of the request's profile: every unknown one is a 400 at its index.
   */
  private async mediaTypes(scope: Scope, content: PostContent): Promise<Map<string, string>> {
    const lists = [
      { field: 'body.post.content.mediaIds', ids: content.mediaIds ?? [] },
      ...Object.entries(content.platformOverrides ?? {}).map(([platform, override]) => ({
        field: `${OVERRIDES_FIELD}.${platform}.mediaIds`,
        ids: override.mediaIds ?? [],
      })),
      ...partMediaIdLists(content),
    ];
    const unique = [...new Set(lists.flatMap((list) => list.ids))];
    const found = await Promise.all(unique.map((id) => this.mimeTypeOf(scope, id)));
    const typesById = new Map<string, string>();
    unique.forEach((id, i) => found[i] && typesById.set(id, found[i]));
    const problems: FieldProblem[] = lists.flatMap((list) =>
      list.ids.flatMap((id, i) =>
        typesById.has(id)
          ? []
          : [
              {
                field: `${list.field}[${i}]`,
                message: 'No such media: upload it with POST /v1/media first',
                code: 'not_found',
                received: id,
              },
            ],
      ),
    );
    if (problems.length > 0) {
      throw new ValidationFailedError(problems);
    }
    return typesById;
  }

  private async mimeTypeOf(scope: Scope, id: string): Promise<string | undefined> {
    if (!isUuid(id)) {
      return undefined;
    }
    try {
      return (await this.media.get(scope, id)).mimeType;
    } catch (error) {
      if (error instanceof MediaNotFoundError) {
        return undefined;
      }
      throw error;
    }
  }
}

function stripUndefined(value: object): object {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined));
}
