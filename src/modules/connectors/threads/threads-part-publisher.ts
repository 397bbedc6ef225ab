import { Injectable } from '@nestjs/common';
import { SokuConfig } from '../../../config/soku-config';
import { ContainerPublisher } from '../meta/container-publisher';
import { type GraphClient, graphClientFor } from '../meta/graph-client';
import { parseGraphTime } from '../meta/graph-time';
import { PartPublisher, type PartRequest } from '../part-publisher';
import {
  PublishError,
  type PublishMedia,
  type PublishRequest,
  type PublishResult,
  requireAccessToken,
} from '../platform-connector';
import { requireFormats } from '../meta/media-formats';
import { THREADS_DIALECT, THREADS_FORMATS } from './threads.connector';
import { LOOK_UP_SKEW_MS } from '../unanswered-call';

/** How many of the account's latest replies the look-up reads (the API's default page). */
const LOOK_UP_LIMIT = '25';

/**
 * Thread parts and first comments on Threads: each is a reply, a container made with
 * `reply_to_id` and published with `threads_publish`
 * (https://developers.facebook.com/documentation/threads/retrieve-and-manage-replies/create-replies,
 * steps 1 and 2), through the same container flow as the post: a reply with media is an IMAGE or
 * VIDEO container, or a CAROUSEL of items, fetched by Threads from the media's public URL, and
 * `reply_to_id` goes on the container that is published. Replies count against their own
 * quota, 1,000 per 24 hours (Threads' "Retrieve and Manage Replies", "Rate limits"); a refusal
 * is classified like the post's. After a lost answer the account's latest replies are searched
 * for one answering the same media with the same text
 * (https://developers.facebook.com/docs/threads/retrieve-and-manage-replies/retrieve-replies).
 */
@Injectable()
export class ThreadsPartPublisher extends PartPublisher {
  readonly platform = 'threads';
  private readonly graph: GraphClient;

  constructor(private readonly config: SokuConfig) {
    super();
    this.graph = graphClientFor(config, 'threads', config.platformApi.threadsVersion, 'Threads');
  }

  publishPart(request: PartRequest): Promise<PublishResult> {
    const media = request.media ?? [];
    requireFormats(media, 'Threads', THREADS_FORMATS);
    const replies = new ContainerPublisher(
      this.graph,
      { ...THREADS_DIALECT, containerParams: { reply_to_id: request.replyToId } },
      this.config.platformApi,
    );
    return replies.publish(asPublishRequest(request, media));
  }

  async findPart(request: PartRequest): Promise<PublishResult | null> {
    const { token, userId } = account(request);
    const since = request.sentAt.getTime() - LOOK_UP_SKEW_MS;
    const body = await this.graph.call({
      method: 'GET',
      path: `/${userId}/replies`,
      params: {
        fields: 'id,text,permalink,timestamp,replied_to',
        since: String(Math.floor(since / 1000)),
        limit: LOOK_UP_LIMIT,
      },
      accessToken: token,
    });
    const replies = Array.isArray(body.data) ? (body.data as Record<string, unknown>[]) : [];
    const text = request.text.trim();
    const match = replies.find(
      (reply) =>
        (reply.replied_to as { id?: unknown } | undefined)?.id === request.replyToId &&
        (typeof reply.text === 'string' ? reply.text.trim() : '') === text &&
        parseGraphTime(reply.timestamp) >= since,
    );
    return match
      ? {
          platformPostId: String(match.id),
          url: typeof match.permalink === 'string' ? match.permalink : null,
        }
      : null;
  }
}

/**
 * A part as the container flow takes a post: its text and media, and the containers an earlier
 * attempt made (a video reply deferred while Threads processes it comes back to the same one).
 */
function asPublishRequest(request: PartRequest, media: PublishMedia[]): PublishRequest {
  const publish: PublishRequest = {
    runId: request.runId,
    platform: request.platform,
    accountId: request.accountId,
    attempt: 1,
    content: { text: request.text },
    mediaType: media.some((one) => one.kind === 'video')
      ? 'video'
      : media.length
        ? 'image'
        : 'text',
    media,
    accessToken: request.accessToken,
    metadata: request.metadata,
    state: request.state ?? {},
    saveState: async (state) => {
      publish.state = state;
      await request.saveState?.(state);
    },
    signal: request.signal,
  };
  return publish;
}

function account(request: PartRequest): { token: string; userId: string } {
  requireAccessToken(request);
  const userId = request.metadata[THREADS_DIALECT.userIdKey];
  if (typeof userId !== 'string' || userId === '') {
    throw new PublishError(
      'permanent',
      'account_incomplete',
      `The account has no ${THREADS_DIALECT.userIdKey}: connect it again`,
    );
  }
  return { token: request.accessToken, userId };
}
