import { Injectable } from '@nestjs/common';
import { SokuConfig } from '../../../config/soku-config';
import { graphClientFor } from '../meta/graph-client';
import { GraphCommentPublisher } from '../meta/graph-comment-publisher';
import type { PartRequest } from '../part-publisher';

/**
 * First comments (and a thread under `threadFallback: "first_comment"`) on Instagram: each is an
 * IG Comment on the published media, `POST /{ig-media-id}/comments?message=` with the token the
 * post went out with (instagram_basic, instagram_manage_comments; IG Media Comments reference,
 * https://developers.facebook.com/docs/instagram-platform/instagram-graph-api/reference/ig-media/comments,
 * "Creating"). After a lost answer `GET /{ig-media-id}/comments` (same page, "Reading": id,
 * text, timestamp) is searched for ours. An IG Comment has no permalink: the part's url is the
 * media's.
 */
@Injectable()
export class InstagramPartPublisher extends GraphCommentPublisher {
  readonly platform = 'instagram';

  constructor(config: SokuConfig) {
    super(graphClientFor(config, 'instagram', config.platformApi.metaGraphVersion, 'Instagram'), {
      textField: 'text',
      timeField: 'timestamp',
      authorKey: 'igUserId',
    });
  }

  protected commentUrl(request: PartRequest, _commentId: string, token: string) {
    return this.graph.readField(request.postId, 'permalink', token);
  }
}
