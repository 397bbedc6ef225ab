import { Injectable } from '@nestjs/common';
import { type FieldProblem, ValidationFailedError } from '../../common/errors';
import { platformProblems } from '../connectors';
import { detectMediaType, mediaKindOf, type PostContent } from '../connectors';
import { AccountDirectory } from '../integrations';
import { MediaNotFoundError } from '../media';
import { MediaService } from '../media';
import type { CreatePostDto } from './dto/create-post.dto';
import { MissingIntegrationsError } from './posts.errors';
import { isUuid } from '../../common/validation/uuid';
import { partsProblems } from './post-parts-rules';
import { parseScheduledTime } from './scheduled-time';
import { parseTargets } from './targeting/parse-targets';
import { type ResolvedTarget, resolveTargets } from './targeting/resolve-targets';

const FIELD = 'body.post.content.platform';

/** A post that passed every request-time check: what create stores and validate reports. */
export interface Plan {
  content: PostContent;
  mediaType: 'text' | 'image' | 'video';
  scheduledTime: Date | null;
  targets: ResolvedTarget[];
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

  async plan(userId: string, body: CreatePostDto): Promise<Plan> {
    const { platform: rawTargets, ...rest } = body.post.content;
    const content = stripUndefined(rest) as PostContent;
    const scheduled = parseScheduledTime(body.scheduledTime);
    const requests = parseTargets(rawTargets, FIELD).targets;
    const types = await this.mediaTypes(userId, content.mediaIds);
    const kinds = types?.map(mediaKindOf);
    const { targets, missing } = resolveTargets(requests, await this.accounts.listAccounts(userId));
    if (missing.length > 0) {
      throw new MissingIntegrationsError(missing);
    }
    const problems: FieldProblem[] = targets.flatMap((target) =>
      platformProblems(target.platform, content, kinds, types).map((message) => ({
        field: target.field,
        message,
        code: 'platform_rule',
        received: target.targetId,
      })),
    );
    problems.push(...partsProblems(targets, content));
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
   * The MIME types of `mediaIds`, which must be the caller's ready media: every unknown one is a
   * 400 at its index.
   */
  private async mediaTypes(
    userId: string,
    ids: string[] | undefined,
  ): Promise<string[] | undefined> {
    if (!ids || ids.length === 0) {
      return undefined;
    }
    const found = await Promise.all(
      ids.map((id) =>
        (isUuid(id) ? this.media.get(userId, id) : Promise.reject(new MediaNotFoundError(id))).then(
          (media) => media.mimeType,
          (error: unknown) => {
            if (error instanceof MediaNotFoundError) {
              return undefined;
            }
            throw error;
          },
        ),
      ),
    );
    const problems: FieldProblem[] = found.flatMap((type, i) =>
      type
        ? []
        : [
            {
              field: `body.post.content.mediaIds[${i}]`,
              message: 'No such media: upload it with POST /v1/media first',
              code: 'not_found',
              received: ids[i],
            },
          ],
    );
    if (problems.length > 0) {
      throw new ValidationFailedError(problems);
    }
    return found as string[];
  }
}

function stripUndefined(value: object): object {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined));
}
