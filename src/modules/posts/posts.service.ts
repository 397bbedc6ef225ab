import { Injectable } from '@nestjs/common';
import { ValidationFailedError } from '../../common/errors';
import { decodeCursor, encodeCursor } from '../../common/pagination/cursor';
import type { Transaction } from '../../database/transaction';
import { IdempotencyScope } from '../idempotency/idempotency-scope';
import { PublishingService } from '../publishing';
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
import { PostPlanner, UUID } from './post-planner';
import { postErrors } from './posts.errors';
import { PostsRepository } from './posts.repository';

const DEFAULT_PAGE = 20;

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
    private readonly posts: PostsRepository,
    private readonly planner: PostPlanner,
    private readonly publishing: PublishingService,
    private readonly idempotency: IdempotencyScope,
  ) {}

  /** Validates everything, stores the submission and its runs in one transaction, then dispatches. */
  create(userId: string, body: CreatePostDto): Promise<CreatedPostDto> {
    return this.store(userId, body, null);
  }

  /**
   * A post an automation makes from a published one: validated like any other, stored with its
   * provenance, and with `alongside` (the automation's own bookkeeping) in the same transaction.
   */
  createDerived(
    userId: string,
    body: CreatePostDto,
    origin: PostOrigin,
    alongside: (tx: Transaction, submissionId: string) => Promise<void>,
  ): Promise<CreatedPostDto> {
    return this.store(userId, body, origin, alongside);
  }

  private async store(
    userId: string,
    body: CreatePostDto,
    origin: PostOrigin | null,
    alongside?: (tx: Transaction, submissionId: string) => Promise<void>,
  ): Promise<CreatedPostDto> {
    const plan = await this.planner.plan(userId, body);
    const submissionId = await this.publishing.create(
      {
        userId,
        content: plan.content,
        mediaType: plan.mediaType,
        scheduledTime: plan.scheduledTime ?? new Date(),
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
      {
        alongside,
        answer: (id) => this.idempotency.completion(createdPost(id)),
      },
    );
    return createdPost(submissionId);
  }

  /** Steps 1–4 of create, storing nothing: every problem at once, or the targets it would use. */
  async validate(userId: string, body: CreatePostDto): Promise<PostValidationDto> {
    try {
      const plan = await this.planner.plan(userId, body);
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
      if (
        error instanceof ValidationFailedError ||
        (error as { code?: string }).code === 'missing_integrations'
      ) {
        const e = error as ValidationFailedError;
        return {
          valid: false,
          targets: [],
          problems: [{ code: e.code, message: e.message, details: e.details }],
        };
      }
      throw error;
    }
  }

  async get(userId: string, id: string): Promise<PostSubmissionDto> {
    const found = UUID.test(id) ? await this.publishing.get(userId, id) : null;
    if (!found) {
      throw postErrors.notFound();
    }
    return found;
  }

  async list(userId: string, query: ListPostsQuery): Promise<PostListDto> {
    const { items, nextCursor } = await this.page({ ...query, userId });
    return { data: items.map((item) => item.post), nextCursor };
  }

  /** The admin search across users: the public list's code, with owner and more filters. */
  async search(query: SubmissionSearchQuery): Promise<OwnedPostListDto> {
    const { items, nextCursor } = await this.page(query);
    return { data: items.map((item) => ({ ...item.post, userId: item.userId })), nextCursor };
  }

  private async page(
    query: SubmissionSearchQuery,
  ): Promise<{ items: { post: PostSubmissionDto; userId: string }[]; nextCursor: string | null }> {
    const limit = query.limit ?? DEFAULT_PAGE;
    const page = await this.posts.searchAllUsers({
      userId: query.userId,
      status: query.status,
      outcome: query.outcome,
      platform: query.platform,
      createdFrom: query.createdFrom ? new Date(query.createdFrom) : undefined,
      createdTo: query.createdTo ? new Date(query.createdTo) : undefined,
      limit: limit + 1,
      before: query.cursor ? decodeCursor(query.cursor) : undefined,
    });
    const items = page.slice(0, limit);
    const posts = await this.publishing.views(items);
    const last = items.at(-1);
    return {
      items: items.map((item, i) => ({ post: posts[i], userId: item.submission.userId })),
      nextCursor: page.length > limit && last ? encodeCursor(last.submission) : null,
    };
  }

  /** Cancels a post none of whose runs has started; 409 once one has. */
  async cancel(userId: string, id: string): Promise<PostSubmissionDto> {
    const result = UUID.test(id) ? await this.publishing.cancel(userId, id) : 'not_found';
    if (result === 'not_found') {
      throw postErrors.notFound();
    }
    if (result === 'not_cancellable') {
      throw postErrors.notCancellable();
    }
    return this.get(userId, id);
  }

  /** Puts the failed runs back in the queue (publishing decides how); 409 when none failed. */
  async retry(userId: string, id: string): Promise<PostSubmissionDto> {
    const result = UUID.test(id) ? await this.publishing.retry(userId, id) : 'not_found';
    if (result === 'not_found') {
      throw postErrors.notFound();
    }
    if (result === 'nothing_to_retry') {
      throw postErrors.nothingToRetry();
    }
    return this.get(userId, id);
  }
}

function createdPost(postSubmissionId: string): CreatedPostDto {
  return { postSubmissionId };
}
