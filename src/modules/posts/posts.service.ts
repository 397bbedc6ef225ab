import { Injectable } from '@nestjs/common';
import type { Scope } from '../../common/auth/route-auth';
import { ValidationFailedError } from '../../common/errors';
import { fetchRows, type Page } from '../../common/pagination/page';
import { isUuid } from '../../common/validation/uuid';
import type { Transaction } from '../../database/transaction';
import { IdempotencyScope } from '../idempotency';
import {
  PublishingService,
  RunDeletionService,
  type SubmissionListFilter,
  type SubmissionWithOutcome,
} from '../publishing';
import type { CreatePostDto } from './dto/create-post.dto';
import type { UpdatePostDto } from './dto/update-post.dto';
import { editedContent } from './edited-content';
import type { ListPostsQuery } from './dto/list-posts.query';
import type { SubmissionSearchQuery } from './dto/submission-search.query';
import type {
  CreatedPostDto,
  OwnedPostListDto,
  PostListDto,
  PostSubmissionDto,
  PostValidationDto,
} from './dto/post-response.dto';
import { PostPlanner, runsOf } from './post-planner';
import {
  MissingIntegrationsError,
  NothingToRetryError,
  PostNotCancellableError,
  PostNotEditableError,
  PostNotFoundError,
  PostNotPublishedError,
  PostStillPublishingError,
  ScheduledWindowError,
} from './posts.errors';

/** Where an automation-made post comes from; `chain` ends with the automation making it. */
export interface PostOrigin {
  submissionId: string;
  automationId: string;
  chain: string[];
}

/** The posts API: checks a request, then hands the submission to publishing and reads it back. */
@Injectable()
export class PostsService {
  constructor(
    private readonly planner: PostPlanner,
    private readonly publishing: PublishingService,
    private readonly idempotency: IdempotencyScope,
    private readonly deletions: RunDeletionService,
  ) {}

  /** Validates everything, stores the submission and its runs in one transaction, then dispatches. */
  create(scope: Scope, body: CreatePostDto): Promise<CreatedPostDto> {
    return this.store(scope, body, null);
  }

  /**
   * A post an automation makes from a published one: validated like any other, stored with its
   * provenance, and with `alongside` (the automation's own bookkeeping) in the same transaction.
   */
  createDerived(
    scope: Scope,
    body: CreatePostDto,
    origin: PostOrigin,
    alongside: (tx: Transaction, submissionId: string) => Promise<void>,
  ): Promise<CreatedPostDto> {
    return this.store(scope, body, origin, alongside);
  }

  private async store(
    scope: Scope,
    body: CreatePostDto,
    origin: PostOrigin | null,
    alongside?: (tx: Transaction, submissionId: string) => Promise<void>,
  ): Promise<CreatedPostDto> {
    const plan = await this.planner.plan(scope, body);
    const submissionId = await this.publishing.create(
      {
        userId: scope.userId,
        profileId: scope.profileId,
        content: plan.content,
        mediaType: plan.mediaType,
        scheduledTime: plan.scheduledTime ?? new Date(),
        enableRepurposing: body.enableRepurposing ?? false,
        originSubmissionId: origin?.submissionId ?? null,
        originAutomationId: origin?.automationId ?? null,
        automationChain: origin?.chain ?? [],
      },
      runsOf(plan),
      {
        alongside,
        answer: (id) => this.idempotency.completion(createdPost(id)),
      },
    );
    return createdPost(submissionId);
  }

  /** Steps 1–4 of create, storing nothing: every problem at once, or the targets it would use. */
  async validate(scope: Scope, body: CreatePostDto): Promise<PostValidationDto> {
    try {
      const plan = await this.planner.plan(scope, body);
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

  /** 404 alike for another user's post and for one of the caller's other profiles. */
  async get(scope: Scope, id: string): Promise<PostSubmissionDto> {
    const found = isUuid(id) ? await this.publishing.get(scope, id) : null;
    if (!found) {
      throw new PostNotFoundError();
    }
    return found;
  }

  /** The posts of the caller's profile: the scoped query, never the admin's. */
  async list(scope: Scope, query: ListPostsQuery): Promise<PostListDto> {
    const page = await this.page(query, (filter) => this.publishing.listInScope(scope, filter));
    return { data: page.data.map((item) => item.post), nextCursor: page.nextCursor };
  }

  /** The admin search: one owner's posts (every profile) when it names one, every user's otherwise. */
  async search(query: SubmissionSearchQuery): Promise<OwnedPostListDto> {
    const { userId } = query;
    const page = await this.page(query, (filter) =>
      userId ? this.publishing.listForUser(userId, filter) : this.publishing.searchAllUsers(filter),
    );
    return {
      data: page.data.map((item) => ({ ...item.post, userId: item.userId })),
      nextCursor: page.nextCursor,
    };
  }

  private async page(
    query: Partial<SubmissionSearchQuery>,
    read: (filter: SubmissionListFilter) => Promise<SubmissionWithOutcome[]>,
  ): Promise<Page<{ post: PostSubmissionDto; userId: string }>> {
    const scheduled = scheduledWindow(query);
    const page = await fetchRows(
      query,
      (limit, before) =>
        read({
          status: query.status,
          outcome: query.outcome,
          platform: query.platform,
          createdFrom: query.createdFrom ? new Date(query.createdFrom) : undefined,
          createdTo: query.createdTo ? new Date(query.createdTo) : undefined,
          ...scheduled,
          limit,
          before,
        }),
      (item) => item.submission,
    );
    const posts = await this.publishing.views(page.data);
    return {
      data: page.data.map((item, i) => ({ post: posts[i], userId: item.submission.userId })),
      nextCursor: page.nextCursor,
    };
  }

  /** Cancels a post none of whose runs has started; 409 once one has. */
  async cancel(scope: Scope, id: string): Promise<PostSubmissionDto> {
    const result = isUuid(id) ? await this.publishing.cancel(scope, id) : 'not_found';
    if (result === 'not_found') {
      throw new PostNotFoundError();
    }
    if (result === 'not_cancellable') {
      throw new PostNotCancellableError();
    }
    return this.get(scope, id);
  }

  /** Takes the published runs down from their platforms (202: the deletions run in the worker). */
  async unpublish(scope: Scope, id: string): Promise<PostSubmissionDto> {
    const result = isUuid(id) ? await this.deletions.unpublish(scope, id) : 'not_found';
    if (result === 'not_found') {
      throw new PostNotFoundError();
    }
    if (result === 'not_settled') {
      throw new PostStillPublishingError();
    }
    if (result === 'not_published') {
      throw new PostNotPublishedError();
    }
    return this.get(scope, id);
  }

  /**
   * Edits a post none of whose runs has started: the edited post is checked like a new one on
   * the same targets, then stored if nothing changed it meanwhile.
   */
  async update(scope: Scope, id: string, body: UpdatePostDto): Promise<PostSubmissionDto> {
    const current = await this.get(scope, id);
    const platform = current.runs.map((run) => ({
      platform: run.platform,
      accountId: run.accountId,
      targetId: run.targetId,
    }));
    const content = editedContent(current.content, body.post?.content);
    const plan = await this.planner.plan(scope, {
      post: { content: { ...content, platform } },
      scheduledTime: body.scheduledTime,
    });
    const scheduledTime =
      body.scheduledTime === undefined
        ? new Date(current.scheduledTime)
        : (plan.scheduledTime ?? new Date());
    const result = await this.publishing.edit(scope, id, new Date(current.updatedAt), {
      content: plan.content,
      mediaType: plan.mediaType,
      scheduledTime,
    });
    if (result === 'not_found') {
      throw new PostNotFoundError();
    }
    if (result === 'not_editable') {
      throw new PostNotEditableError();
    }
    if (result === 'changed') {
      throw new PostNotEditableError(
        'The post changed while this edit was checked; read it again and resend the edit',
      );
    }
    return this.get(scope, id);
  }

  /** The admin's retry of one of the user's posts, in whichever of their profiles it is. */
  async retryForUser(userId: string, id: string): Promise<PostSubmissionDto> {
    const scope = isUuid(id) ? await this.publishing.scopeOf(userId, id) : null;
    if (!scope) {
      throw new PostNotFoundError();
    }
    return this.retry(scope, id);
  }

  /** Puts the failed runs back in the queue (publishing decides how); 409 when none failed. */
  async retry(scope: Scope, id: string): Promise<PostSubmissionDto> {
    const result = isUuid(id) ? await this.publishing.retry(scope, id) : 'not_found';
    if (result === 'not_found') {
      throw new PostNotFoundError();
    }
    if (result === 'nothing_to_retry') {
      throw new NothingToRetryError();
    }
    return this.get(scope, id);
  }
}

/** `?scheduledFrom&scheduledTo` as dates; a window that ends before it starts is a 400. */
function scheduledWindow(query: Partial<ListPostsQuery>): {
  scheduledFrom?: Date;
  scheduledTo?: Date;
} {
  const scheduledFrom = query.scheduledFrom ? new Date(query.scheduledFrom) : undefined;
  const scheduledTo = query.scheduledTo ? new Date(query.scheduledTo) : undefined;
  if (scheduledFrom && scheduledTo && scheduledFrom >= scheduledTo) {
    throw new ScheduledWindowError(query.scheduledFrom ?? '', query.scheduledTo ?? '');
  }
  return { scheduledFrom, scheduledTo };
}

function createdPost(postSubmissionId: string): CreatedPostDto {
  return { postSubmissionId };
}
