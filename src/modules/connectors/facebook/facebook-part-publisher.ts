import { Injectable } from '@nestjs/common';
import { SokuConfig } from '../../../config/soku-config';
import { graphClientFor } from '../meta/graph-client';
import { GraphCommentPublisher } from '../meta/graph-comment-publisher';
import { requireFormats } from '../meta/media-formats';
import type { PartRequest } from '../part-publisher';
import { FACEBOOK_FORMATS } from './facebook.connector';

/**
 * First comments (and a thread under `threadFallback: "first_comment"`) on a Facebook Page post:
 * the Page comments on its own post with the Page token, `POST /{page-post-id}/comments` with
 * `message` (pages_manage_engagement; Pages API "Comments and @mentions",
 * https://developers.facebook.com/documentation/pages-api/comments-mentions, "Comments").
 * A comment's photo is `attachment_url`, the public URL of Soku's stored copy, which Facebook
 * fetches (https://developers.facebook.com/docs/graph-api/reference/object/comments,
 * "Publishing": attachment_url, an image shown with the comment; the edge takes one attachment
 * and no video). After a lost answer the post's comments are listed (`GET /{object-id}/comments`,
 * https://developers.facebook.com/docs/graph-api/reference/object/comments, "Reading": `filter`
 * stream for all of them, `order` newest first) and the Page's own one with the text is taken.
 */
@Injectable()
export class FacebookPartPublisher extends GraphCommentPublisher {
  readonly platform = 'facebook';

  constructor(config: SokuConfig) {
    super(graphClientFor(config, 'facebook', config.platformApi.metaGraphVersion, 'Facebook'), {
      textField: 'message',
      timeField: 'created_time',
      authorKey: 'pageId',
      listParams: { filter: 'stream', order: 'reverse_chronological' },
    });
  }

  protected override attachmentParams(request: PartRequest): Record<string, string> {
    const [photo] = request.media ?? [];
    if (!photo) {
      return {};
    }
    requireFormats([photo], 'Facebook', { image: FACEBOOK_FORMATS.image, video: [] });
    return { attachment_url: photo.url };
  }

  protected commentUrl(_request: PartRequest, commentId: string, token: string) {
    return this.graph.readField(commentId, 'permalink_url', token);
  }
}
