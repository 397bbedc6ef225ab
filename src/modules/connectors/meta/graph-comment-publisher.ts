import { PartPublisher, type PartRequest } from '../part-publisher';
import { type PublishResult, requireAccessToken } from '../platform-connector';
import { requireId } from '../platform-http';
import type { GraphClient } from './graph-client';
import { parseGraphTime } from './graph-time';
import { LOOK_UP_SKEW_MS } from '../unanswered-call';

/** How Instagram and Facebook spell a comment and its author. */
export interface CommentDialect {
  /** `text` (IG Comment) or `message` (Facebook Comment). */
  textField: string;
  /** `timestamp` (IG Comment) or `created_time` (Facebook Comment). */
  timeField: string;
  /** The account metadata key of the id comments name as their author: the IG user, the Page. */
  authorKey: string;
  /** Extra modifiers of the listing, e.g. Facebook's `filter` and `order`. */
  listParams?: Record<string, string>;
}

/**
 * Parts as comments under a Graph object: `POST /{object-id}/comments` with `message`, the one
 * irreversible call, each answering the post. After a lost answer the object's comments are
 * listed to find ours: the same text, by the account, no earlier than the send less the skew.
 */
export abstract class GraphCommentPublisher extends PartPublisher {
  protected constructor(
    protected readonly graph: GraphClient,
    private readonly dialect: CommentDialect,
  ) {
    super();
  }

  /** Where the comment shows. */
  protected abstract commentUrl(
    request: PartRequest,
    commentId: string,
    token: string,
  ): Promise<string | null>;

  /** What the comment carries besides its message (a photo); refused media never get here. */
  protected attachmentParams(_request: PartRequest): Record<string, string> {
    return {};
  }

  async publishPart(request: PartRequest): Promise<PublishResult> {
    const token = tokenOf(request);
    const attachment = this.attachmentParams(request);
    const body = await this.graph.call({
      method: 'POST',
      path: `/${request.replyToId}/comments`,
      params: { message: request.text, ...attachment },
      accessToken: token,
      irreversible: true,
    });
    const id = requireId(body.id, 'the comment id', this.graph.platformName);
    return { platformPostId: id, url: await this.commentUrl(request, id, token) };
  }

  async findPart(request: PartRequest): Promise<PublishResult | null> {
    const token = tokenOf(request);
    const { textField, timeField, authorKey, listParams } = this.dialect;
    const body = await this.graph.call({
      method: 'GET',
      path: `/${request.replyToId}/comments`,
      params: { fields: `id,${textField},${timeField},from`, limit: '50', ...listParams },
      accessToken: token,
    });
    const author = request.metadata[authorKey];
    const since = request.sentAt.getTime() - LOOK_UP_SKEW_MS;
    const comments = Array.isArray(body.data) ? (body.data as Record<string, unknown>[]) : [];
    const match = comments.find(
      (comment) =>
        textOf(comment[textField]) === request.text.trim() &&
        parseGraphTime(comment[timeField]) >= since &&
        writtenBy(comment, typeof author === 'string' && author !== '' ? author : undefined),
    );
    if (!match) {
      return null;
    }
    const id = String(match.id);
    return { platformPostId: id, url: await this.commentUrl(request, id, token) };
  }
}

function tokenOf(request: PartRequest): string {
  requireAccessToken(request);
  return request.accessToken;
}

function textOf(value: unknown): string {
  return typeof value === 'string' ? value.trim() : '';
}

/** When the answer names the author, it must be the account itself. */
function writtenBy(comment: Record<string, unknown>, authorId: string | undefined): boolean {
  const from = comment.from as { id?: unknown } | undefined;
  const id = typeof from?.id === 'string' || typeof from?.id === 'number' ? from.id : undefined;
  return authorId === undefined || id === undefined || String(id) === authorId;
}
