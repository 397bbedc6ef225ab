import { Injectable } from '@nestjs/common';
import { platformApiBase } from '../../../config/platform-api-hosts';
import { SokuConfig } from '../../../config/soku-config';
import { PartPublisher, type PartRequest } from '../part-publisher';
import { PublishError, type PublishResult, requireAccessToken } from '../platform-connector';
import {
  type PlatformAnswer,
  type PlatformCall,
  asObject,
  asString,
  callPlatform,
  requireId,
} from '../platform-http';
import { youtubeFailure } from './youtube-errors';
import { LOOK_UP_SKEW_MS } from '../unanswered-call';

/**
 * First comments (and threads under `threadFallback: "first_comment"`) on YouTube: top-level
 * comments made by `commentThreads.insert` (https://developers.google.com/youtube/v3/docs/commentThreads/insert:
 * scope youtube.force-ssl, 50 quota units; snippet.channelId, snippet.videoId and
 * snippet.topLevelComment.snippet.textOriginal required). After a lost answer the video's newest
 * threads (`commentThreads.list?videoId=…`) are searched for ours.
 */
@Injectable()
export class YoutubePartPublisher extends PartPublisher {
  readonly platform = 'youtube';

  constructor(private readonly config: SokuConfig) {
    super();
  }

  async publishPart(request: PartRequest): Promise<PublishResult> {
    const answer = await this.call(request, {
      method: 'POST',
      url: this.url('snippet'),
      irreversible: true,
      json: {
        snippet: {
          channelId: channelOf(request),
          videoId: request.postId,
          topLevelComment: { snippet: { textOriginal: request.text } },
        },
      },
    });
    return result(request, requireId(answer.json.id, 'the comment thread id', 'YouTube'));
  }

  async findPart(request: PartRequest): Promise<PublishResult | null> {
    const url = new URL(this.url('snippet'));
    url.searchParams.set('videoId', request.postId);
    url.searchParams.set('order', 'time');
    url.searchParams.set('maxResults', '50');
    const answer = await this.call(request, { method: 'GET', url: url.toString() });
    const channelId = channelOf(request);
    const since = request.sentAt.getTime() - LOOK_UP_SKEW_MS;
    const items = Array.isArray(answer.json.items) ? answer.json.items.map(asObject) : [];
    const mine = items.find((thread) => {
      const comment = asObject(asObject(asObject(thread.snippet).topLevelComment).snippet);
      return (
        asObject(comment.authorChannelId).value === channelId &&
        comment.textOriginal === request.text &&
        Date.parse(String(comment.publishedAt)) >= since
      );
    });
    return mine ? result(request, String(mine.id)) : null;
  }

  private url(part: string): string {
    const url = new URL('/youtube/v3/commentThreads', platformApiBase(this.config, 'youtube'));
    url.searchParams.set('part', part);
    return url.toString();
  }

  private async call(request: PartRequest, call: PlatformCall): Promise<PlatformAnswer> {
    requireAccessToken(request);
    const answer = await callPlatform(
      { ...call, headers: { Authorization: `Bearer ${request.accessToken}` } },
      { timeoutMs: this.config.platformApi.timeoutMs, platformName: 'YouTube' },
    );
    if (answer.status !== 200) {
      throw youtubeFailure(answer, this.config.platformApi.quotaRetryMs);
    }
    return answer;
  }
}

/** The channel the account was connected for: the comment is made as it. */
function channelOf(request: PartRequest): string {
  const channelId = asString(request.metadata.channelId);
  if (!channelId) {
    throw new PublishError(
      'permanent',
      'channel_unknown',
      'This YouTube account has no channel id: reconnect it',
    );
  }
  return channelId;
}

function result(request: PartRequest, threadId: string): PublishResult {
  return {
    platformPostId: threadId,
    url: `https://www.youtube.com/watch?v=${request.postId}&lc=${threadId}`,
  };
}
