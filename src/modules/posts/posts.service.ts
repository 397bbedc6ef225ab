import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { type FieldProblem, ValidationFailedError } from '../../common/errors';
import { fetchRows, type Page } from '../../common/pagination/page';
import { IdempotencyScope } from '../idempotency/idempotency-scope';
import { MediaNotFoundError } from '../media/media.errors';
import { MediaService } from '../media/media.service';
import { platformProblems } from '../connectors/platform-rules';
import { AccountDirectory } from './account-directory';
import type { CreatePostDto } from './dto/create-post.dto';
import type { ListPostsQuery } from './dto/list-posts.query';
import type { SubmissionSearchQuery } from './dto/submission-search.query';
import type {
  CreatedPostDto,
  OwnedPostListDto,
  PostListDto,
  PostSubmissionDto,
  PostValidationDto,
} from './dto/post-response.dto';
import { PostDispatcher } from './post-dispatcher';
import { mediaHolder } from './media-holder';
import {
  detectMediaType,
  mediaKindOf,
  type PostContent,
  remoteMediaUrls,
} from '../connectors/post-content';
import {
  MissingIntegrationsError,
  NothingToRetryError,
  PostNotCancellableError,
  PostNotFoundError,
} from './posts.errors';
import { PostsRepository, type SearchFilter, type SubmissionWithOutcome } from './posts.repository';
import { loadPostView, toPostDto } from './post-view';
import { recordEvent } from '../../database/outbox';
import { parseScheduledTime } from './scheduled-time';
import { parseTargets } from './targeting/parse-targets';
import { type ResolvedTarget, resolveTargets } from './targeting/resolve-targets';
import { isUuid } from '../../common/validation/uuid';

const FIELD = 'body.post.content.platform';

/** Where an automation-made post comes from; `chain` ends with the automation making it. */
export interface PostOrigin {
  submissionId: string;
  automationId: string;
  chain: string[];
}

interface Plan {
  content: PostContent;
  mediaType: 'text' | 'image' | 'video';
  scheduledTime: Date | null;
  targets: ResolvedTarget[];
}

@Injectable()
export class PostsService {
  constructor(
    private readonly posts: PostsRepository,
    private readonly accounts: AccountDirectory,
    private readonly dispatcher: PostDispatcher,
    private readonly media: MediaService,
    private readonly idempotency: IdempotencyScope,
  ) {}

  /** Validates everything, stores the submission and its runs in one transaction, then dispatches. */
  create(userId: string, body: CreatePostDto): Promise<CreatedPostDto> {
    return this.store(userId, body, null, () => Promise.resolve());
  }

  /**
   * A post an automation makes from a published one: validated like any other, stored with its
   * provenance, and with `alongside` (the automation's own bookkeeping) in the same transaction.
   */
  createDerived(
    userId: string,
    body: CreatePostDto,
    origin: PostOrigin,
    alongside: (em: EntityManager, submissionId: string) => Promise<void>,
  ): Promise<CreatedPostDto> {
    return this.store(userId, body, origin, alongside);
  }

  private async store(
    userId: string,
    body: CreatePostDto,
    origin: PostOrigin | null,
    alongside: (em: EntityManager, submissionId: string) => Promise<void>,
  ): Promise<CreatedPostDto> {
    const plan = await this.plan(userId, body);
    const scheduledTime = plan.scheduledTime ?? new Date();
    const submissionId = await this.posts.createSubmission(
      {
        userId,
        content: plan.content,
        mediaType: plan.mediaType,
        scheduledTime,
        enableRepurposing: body.enableRepurposing ?? false,
        originSubmissionId: origin?.submissionId ?? null,
        originAutomationId: origin?.automationId ?? null,
        automationChain: origin?.chain ?? [],
      },
      plan.targets.map((t) => ({
        platform: t.platform,
        accountId: t.accountId,
        integrationId: t.integrationId,
        targetId: t.targetId,
      })),
      async (em, id) => {
        // The media are claimed with the post: DELETE /v1/media answers 409 until it is done.
        await this.media.acquireUsage(em, userId, plan.content.mediaIds ?? [], mediaHolder(id));
        await alongside(em, id);
        await this.idempotency.completeWithin(em, createdPost(id));
      },
    );
    await this.dispatcher.dispatch(submissionId, scheduledTime);
    return createdPost(submissionId);
  }

  /** Steps 1–4 of create, storing nothing: every problem at once, or the targets it would use. */
  async validate(userId: string, body: CreatePostDto): Promise<PostValidationDto> {
    try {
      const plan = await this.plan(userId, body);
      return {
        valid: true,
        targets: plan.targets.map((t) => ({
          platform: t.platform,
          accountId: t.accountId,
          targetId: t.targetId,
          sandbox: t.sandbox,
        })),
        problems: [],
      };
    } catch (error) {
      if (error instanceof ValidationFailedError || error instanceof MissingIntegrationsError) {
        return {
          valid: false,
          targets: [],
          problems: [{ code: error.code, message: error.message, details: error.details }],
        };
      }
      throw error;
    }
  }

  async get(userId: string, id: string): Promise<PostSubmissionDto> {
    const found = isUuid(id) ? await this.posts.findForUser(userId, id) : null;
    if (!found) {
      throw new PostNotFoundError();
    }
    return toPostDto(found.submission, found.outcome, await this.posts.runsOf([id]));
  }

  /** The caller's own posts: the owner-scoped query, never the admin's. */
  async list(userId: string, query: ListPostsQuery): Promise<PostListDto> {
    const page = await this.page(query, (filter) => this.posts.listForUser(userId, filter));
    return { data: page.data.map((item) => item.post), nextCursor: page.nextCursor };
  }

  /** The admin search: one owner's posts when it names one, every user's otherwise. */
  async search(query: SubmissionSearchQuery): Promise<OwnedPostListDto> {
    const { userId } = query;
    const page = await this.page(query, (filter) =>
      userId ? this.posts.listForUser(userId, filter) : this.posts.searchAllUsers(filter),
    );
    return {
      data: page.data.map((item) => ({ ...item.post, userId: item.userId })),
      nextCursor: page.nextCursor,
    };
  }

  private async page(
    query: Partial<SubmissionSearchQuery>,
    read: (filter: SearchFilter) => Promise<SubmissionWithOutcome[]>,
  ): Promise<Page<{ post: PostSubmissionDto; userId: string }>> {
    const page = await fetchRows(
      query,
      (limit, before) =>
        read({
          status: query.status,
          outcome: query.outcome,
          platform: query.platform,
          createdFrom: query.createdFrom ? new Date(query.createdFrom) : undefined,
          createdTo: query.createdTo ? new Date(query.createdTo) : undefined,
          limit,
          before,
        }),
      (item) => item.submission,
    );
    const runs = await this.posts.runsOf(page.data.map((item) => item.submission.id));
    return {
      data: page.data.map((item) => ({
        post: toPostDto(
          item.submission,
          item.outcome,
          runs.filter((r) => r.submissionId === item.submission.id),
        ),
        userId: item.submission.userId,
      })),
      nextCursor: page.nextCursor,
    };
  }

  /** Cancels a post none of whose runs has started; 409 once one has. */
  async cancel(userId: string, id: string): Promise<PostSubmissionDto> {
    if (!isUuid(id)) {
      throw new PostNotFoundError();
    }
    await this.posts.withLockedSubmission(userId, id, async (em, submission, runs) => {
      if (!submission) {
        throw new PostNotFoundError();
      }
      if (submission.status === 'cancelled') {
        return;
      }
      if (runs.some((run) => run.status !== 'queued' || run.attempts > 0)) {
        throw new PostNotCancellableError();
      }
      submission.status = 'cancelled';
      await em.save(submission);
      await this.posts.cancelRuns(
        em,
        runs.map((run) => run.id),
      );
      const view = await loadPostView(em, id);
      await recordEvent(em, 'post.cancelled', userId, view!.post);
    });
    return this.get(userId, id);
  }

  /**
   * Puts the failed runs back in the queue; the others are left alone. When the media import is
   * what failed (no media were stored), the post goes back to `queued` and is orchestrated again:
   * the import is redone, and nothing publishes without its media.
   */
  async retry(userId: string, id: string): Promise<PostSubmissionDto> {
    if (!isUuid(id)) {
      throw new PostNotFoundError();
    }
    const { requeued, reimportAt } = await this.posts.withLockedSubmission(
      userId,
      id,
      async (em, submission, runs) => {
        if (!submission) {
          throw new PostNotFoundError();
        }
        const failed = runs.filter((run) => run.status === 'failed');
        if (failed.length === 0) {
          throw new NothingToRetryError();
        }
        const mustImport =
          submission.mediaIds === null && remoteMediaUrls(submission.content).length > 0;
        if (mustImport) {
          submission.status = 'queued';
          await em.save(submission);
        }
        await this.posts.requeueRuns(
          em,
          failed.map((run) => run.id),
        );
        return {
          requeued: failed.map((run) => ({ id: run.id, attempts: 0 })),
          // Its due time, so the job has the id the reconciler would give it: one import.
          reimportAt: mustImport ? submission.scheduledTime : null,
        };
      },
    );
    await (reimportAt
      ? this.dispatcher.dispatch(id, reimportAt)
      : this.dispatcher.requeue(requeued));
    return this.get(userId, id);
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

  private async plan(userId: string, body: CreatePostDto): Promise<Plan> {
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
}

function stripUndefined(value: object): object {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined));
}

function createdPost(postSubmissionId: string): CreatedPostDto {
  return { postSubmissionId };
}
