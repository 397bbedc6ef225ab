import { Injectable } from '@nestjs/common';
import { SokuConfig } from '../../../config/soku-config';
import { platformApiBase } from '../../../config/platform-api-hosts';
import { PartPublisher, type PartRequest } from '../part-publisher';
import { type PublishResult, requireAccessToken } from '../platform-connector';
import { requireId } from '../platform-http';
import { dataOf, XClient } from './x-client';
import { LOOK_UP_SKEW_MS } from '../unanswered-call';
import { comparable, textOf } from './x.connector';
import { XMediaUploader } from './x-media';

/**
 * Thread parts and first comments on X: each is a post replying to another,
 * `POST /2/tweets` with `reply.in_reply_to_tweet_id`
 * (https://docs.x.com/x-api/posts/create-post, body "reply"), its media as `media.media_ids`
 * (same page, body "media"). After a lost answer the account's latest posts are searched for the
 * reply's text (X refuses the same text twice).
 */
@Injectable()
export class XPartPublisher extends PartPublisher {
  readonly platform = 'x';

  constructor(private readonly config: SokuConfig) {
    super();
  }

  async publishPart(request: PartRequest): Promise<PublishResult> {
    const client = this.client(request);
    const media = await this.upload(request, client);
    const body = await client.call({
      method: 'POST',
      path: '/2/tweets',
      json: {
        text: request.text,
        reply: { in_reply_to_tweet_id: request.replyToId },
        ...(media.length > 0 ? { media: { media_ids: media } } : {}),
      },
      irreversible: true,
    });
    const id = requireId(dataOf(body).id, 'the post id', 'X');
    return { platformPostId: id, url: this.url(request, id) };
  }

  async findPart(request: PartRequest): Promise<PublishResult | null> {
    const client = this.client(request);
    const known = request.metadata.userId;
    const userId =
      typeof known === 'string' && known !== ''
        ? known
        : requireId(
            dataOf(await client.call({ method: 'GET', path: '/2/users/me' })).id,
            'the user id',
            'X',
          );
    const body = await client.call({
      method: 'GET',
      path: `/2/users/${userId}/tweets`,
      query: { max_results: '10', 'tweet.fields': 'created_at' },
    });
    const since = request.sentAt.getTime() - LOOK_UP_SKEW_MS;
    const tweets = Array.isArray(body.data) ? (body.data as Record<string, unknown>[]) : [];
    // A reply with media reads back with the media's t.co link after its text: links are ignored.
    const match = tweets.find(
      (tweet) =>
        Date.parse(String(tweet.created_at)) >= since &&
        comparable(textOf(tweet.text)) === comparable(request.text),
    );
    return match
      ? { platformPostId: String(match.id), url: this.url(request, String(match.id)) }
      : null;
  }

  /**
   * The part's media uploaded as the post's are (x-media.ts), each time the part is sent: upload
   * ids are reversible, so one made before a crash is simply not used.
   */
  private async upload(request: PartRequest, client: XClient): Promise<string[]> {
    const uploader = new XMediaUploader(client, this.config.platformApi);
    const ids: string[] = [];
    for (const media of request.media ?? []) {
      ids.push((await uploader.upload(media, () => Promise.resolve())).id);
    }
    return ids;
  }

  private client(request: PartRequest): XClient {
    requireAccessToken(request);
    return new XClient(
      platformApiBase(this.config, 'x'),
      this.config.platformApi.timeoutMs,
      request.accessToken,
    );
  }

  private url(request: PartRequest, id: string): string {
    const username = request.metadata.username;
    return typeof username === 'string' && username !== ''
      ? `https://x.com/${username}/status/${id}`
      : `https://x.com/i/web/status/${id}`;
  }
}
