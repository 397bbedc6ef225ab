import { Injectable } from '@nestjs/common';
import { SokuConfig } from '../../../config/soku-config';
import { platformApiBase } from '../../../config/platform-api-hosts';
import {
  type PlatformConnector,
  type PublishRequest,
  type PublishResult,
  requireAccessToken,
} from '../platform-connector';
import { requireId } from '../platform-http';
import { findResentDuplicate } from '../resent-duplicate';
import { dataOf, XClient } from './x-client';
import { isReusable, type UploadedXMedia, XMediaUploader } from './x-media';
import { LOOK_UP_SKEW_MS } from '../unanswered-call';

/** Uploaded media (reversible) and when the post itself was sent, kept across attempts. */
interface XState {
  media?: UploadedXMedia[];
  postingAt?: string;
}

const URLS = /https?:\/\/\S+/g;

/**
 * X API v2: media uploaded first (images in one call, videos and GIFs chunked), saved, then one
 * `POST /2/tweets`. X has no idempotency key: after an unanswered post the account's latest
 * tweets are searched for this one (by its media, else its text) before anything is sent again.
 */
@Injectable()
export class XConnector implements PlatformConnector {
  readonly platform = 'x';

  constructor(private readonly config: SokuConfig) {}

  async publish(request: PublishRequest): Promise<PublishResult> {
    const client = this.client(request);
    const media = await this.uploadMedia(request, client);
    const sentBefore = (request.state as XState).postingAt;
    // The first send's time stays: the look-up after a lost answer searches from it.
    await request.saveState({
      ...request.state,
      media,
      postingAt: sentBefore ?? new Date().toISOString(),
    });
    const text = request.content.text ?? '';
    let body: Record<string, unknown>;
    try {
      body = await client.call({
        method: 'POST',
        path: '/2/tweets',
        json: {
          ...(text ? { text } : {}),
          ...(media.length > 0 ? { media: { media_ids: media.map((item) => item.id) } } : {}),
        },
        irreversible: true,
      });
    } catch (error) {
      return findResentDuplicate(
        error,
        sentBefore,
        () => this.findPublished(request),
        "the account's latest posts",
      );
    }
    const id = requireId(dataOf(body).id, 'the post id', 'X');
    return { platformPostId: id, url: this.url(request, id) };
  }

  async findPublished(request: PublishRequest): Promise<PublishResult | null | undefined> {
    const state = request.state as XState;
    if (!state.postingAt) {
      return null;
    }
    const client = this.client(request);
    const userId = await this.userId(request, client);
    const body = await client.call({
      method: 'GET',
      path: `/2/users/${userId}/tweets`,
      query: { max_results: '10', 'tweet.fields': 'created_at,attachments' },
    });
    const since = Date.parse(state.postingAt) - LOOK_UP_SKEW_MS;
    const keys = (state.media ?? []).map((item) => item.mediaKey);
    const tweets = Array.isArray(body.data) ? (body.data as Record<string, unknown>[]) : [];
    const match = tweets.find((tweet) => {
      if (Date.parse(String(tweet.created_at)) < since) {
        return false;
      }
      const attached = ((tweet.attachments as Record<string, unknown> | undefined)?.media_keys ??
        []) as string[];
      return keys.length > 0 && keys.every((key) => key !== null)
        ? keys.every((key) => attached.includes(key))
        : comparable(textOf(tweet.text)) === comparable(request.content.text ?? '');
    });
    return match
      ? { platformPostId: String(match.id), url: this.url(request, String(match.id)) }
      : null;
  }

  private client(request: PublishRequest): XClient {
    requireAccessToken(request);
    return new XClient(
      platformApiBase(this.config, 'x'),
      this.config.platformApi.timeoutMs,
      request.accessToken,
    );
  }

  /** Uploads what an earlier attempt has not (or what X has forgotten since), in post order. */
  private async uploadMedia(request: PublishRequest, client: XClient): Promise<UploadedXMedia[]> {
    const uploader = new XMediaUploader(client, this.config.platformApi);
    const saved = new Map(
      ((request.state as XState).media ?? []).map((item) => [item.sokuId, item]),
    );
    const uploaded: UploadedXMedia[] = [];
    for (const media of request.media) {
      const earlier = saved.get(media.id);
      let item: UploadedXMedia;
      if (earlier && isReusable(earlier)) {
        // Still processing when an earlier attempt was deferred: ask about it, never upload again.
        item = earlier.processingSince ? await uploader.finishProcessing(earlier) : earlier;
      } else {
        item = await uploader.upload(media, (pending) =>
          request.saveState({ ...request.state, media: [...uploaded, pending] }),
        );
      }
      uploaded.push(item);
      if (item !== earlier) {
        await request.saveState({ ...request.state, media: [...uploaded] });
      }
    }
    return uploaded;
  }

  private async userId(request: PublishRequest, client: XClient): Promise<string> {
    const known = request.metadata.userId;
    if (typeof known === 'string' && known !== '') {
      return known;
    }
    const me = dataOf(await client.call({ method: 'GET', path: '/2/users/me' }));
    return requireId(me.id, 'the user id', 'X');
  }

  private url(request: PublishRequest, id: string): string {
    const username = request.metadata.username;
    return typeof username === 'string' && username !== ''
      ? `https://x.com/${username}/status/${id}`
      : `https://x.com/i/web/status/${id}`;
  }
}

/** X rewrites links to t.co and may trim: compare texts without links and extra spaces. */
export function comparable(text: string): string {
  return text.normalize('NFC').replace(URLS, '').replace(/\s+/g, ' ').trim();
}

export function textOf(value: unknown): string {
  return typeof value === 'string' ? value : '';
}
