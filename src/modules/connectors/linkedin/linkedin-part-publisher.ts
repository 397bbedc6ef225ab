import { Injectable } from '@nestjs/common';
import { SokuConfig } from '../../../config/soku-config';
import { PartPublisher, type PartRequest } from '../part-publisher';
import { PublishError, type PublishResult, requireAccessToken } from '../platform-connector';
import { type PlatformAnswer, asObject, asString, requireId } from '../platform-http';
import { LinkedinApi } from './linkedin-api';
import { authorOf } from './linkedin.connector';
import { LOOK_UP_SKEW_MS } from '../unanswered-call';

/**
 * First comments (and threads under `threadFallback: "first_comment"`) on LinkedIn: Comments API
 * `POST /rest/socialActions/{post urn}/comments` with `{actor, object, message: {text}}`
 * (https://learn.microsoft.com/en-us/linkedin/marketing/community-management/shares/comments-api,
 * "Create a Comment"), as the author the post was made as. The URN key is URL-encoded, as
 * Rest.li 2.0 wants (https://learn.microsoft.com/en-us/linkedin/shared/api-guide/concepts/protocol-version).
 * The message is text with attributes, not little text, so it is sent as written.
 */
@Injectable()
export class LinkedinPartPublisher extends PartPublisher {
  readonly platform = 'linkedin';

  private readonly api: LinkedinApi;

  constructor(config: SokuConfig) {
    super();
    this.api = new LinkedinApi(config);
  }

  async publishPart(request: PartRequest): Promise<PublishResult> {
    const answer = await this.api.call(request, {
      method: 'POST',
      url: this.commentsUrl(request),
      irreversible: true,
      json: {
        actor: authorOf(request),
        object: request.postId,
        message: { text: request.text },
      },
    });
    if (answer.status === 201 || answer.status === 200) {
      return this.result(request, commentUrnOf(request, answer));
    }
    const failure = this.api.failure(answer);
    if (answer.status === 404) {
      // A post made seconds ago can still answer 404 here (reported by integrators, not in the
      // docs); a 404 made nothing, so the comment is tried again before it fails.
      throw new PublishError('retryable', failure.code, failure.message);
    }
    throw failure;
  }

  /**
   * The post's comments, for ours (same actor and text, made since we sent it). Reading them needs
   * r_organization_social for a page, and the restricted r_member_social for a member: refused,
   * the platform cannot be asked (undefined), so the part fails `outcome_unknown`, never resent.
   */
  async findPart(request: PartRequest): Promise<PublishResult | null | undefined> {
    const answer = await this.api.call(request, { method: 'GET', url: this.commentsUrl(request) });
    if (answer.status === 403) {
      return undefined;
    }
    if (answer.status !== 200) {
      throw this.api.failure(answer);
    }
    const actor = authorOf(request);
    const since = request.sentAt.getTime() - LOOK_UP_SKEW_MS;
    const elements = Array.isArray(answer.json.elements) ? answer.json.elements.map(asObject) : [];
    const mine = elements.find(
      (comment) =>
        comment.actor === actor &&
        asObject(comment.message).text === request.text &&
        Number(asObject(comment.created).time ?? 0) >= since,
    );
    return mine ? this.result(request, commentUrnOf(request, { json: mine })) : null;
  }

  private commentsUrl(request: PartRequest): string {
    requireAccessToken(request);
    return this.api.url(`/rest/socialActions/${encodeURIComponent(request.postId)}/comments`);
  }

  private result(request: PartRequest, commentUrn: string): PublishResult {
    const post = `https://www.linkedin.com/feed/update/${request.postId}`;
    return {
      platformPostId: commentUrn,
      url: `${post}?commentUrn=${encodeURIComponent(commentUrn)}`,
    };
  }
}

/** The comment's URN from the body, else built from the bare id of `x-restli-id` (or `id`). */
function commentUrnOf(
  request: PartRequest,
  answer: Pick<PlatformAnswer, 'json'> & { headers?: Headers },
): string {
  const urn = asString(answer.json.commentUrn);
  if (urn) {
    return urn;
  }
  const id = requireId(
    answer.headers?.get('x-restli-id') ?? answer.json.id,
    'the comment id',
    'LinkedIn',
  );
  return `urn:li:comment:(${request.postId},${id})`;
}
