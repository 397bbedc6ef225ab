import { Injectable } from '@nestjs/common';
import { SokuConfig } from '../../../config/soku-config';
import { type GraphClient, graphClientFor } from '../meta/graph-client';
import { parseGraphTime } from '../meta/graph-time';
import { requireFormats } from '../meta/media-formats';
import {
  type PlatformConnector,
  PublishError,
  type PublishRequest,
  type PublishResult,
  requireAccessToken,
} from '../platform-connector';
import { requireId } from '../platform-http';
import { findResentDuplicate } from '../resent-duplicate';
import { LOOK_UP_SKEW_MS } from '../unanswered-call';

export const FACEBOOK_FORMATS = {
  image: ['image/jpeg', 'image/png', 'image/gif', 'image/webp'],
  video: ['video/mp4', 'video/quicktime'],
} as const;

/** Unpublished photos uploaded for a multi-photo post, and when the post itself was sent. */
interface FacebookState {
  photoIds?: string[];
  publishingAt?: string;
}

interface PageCall {
  token: string;
  pageId: string;
  text: string;
}

/**
 * Facebook Page posts with the Page token: text (and links) to `/feed`, one photo to `/photos`,
 * several photos as unpublished photos attached to one `/feed` post, a video to `/videos`.
 * Facebook fetches the media from the public URL of Soku's stored copy.
 */
@Injectable()
export class FacebookConnector implements PlatformConnector {
  readonly platform = 'facebook';
  private readonly graph: GraphClient;

  constructor(config: SokuConfig) {
    this.graph = graphClientFor(
      config,
      'facebook',
      config.platformApi.metaGraphVersion,
      'Facebook',
    );
  }

  async publish(request: PublishRequest): Promise<PublishResult> {
    requireFormats(request.media, 'Facebook', FACEBOOK_FORMATS);
    const page = this.page(request);
    const video = request.media.find((media) => media.kind === 'video');
    const photoIds = video ? [] : await this.uploadUnpublishedPhotos(request, page);
    const sentBefore = (request.state as FacebookState).publishingAt;
    // The first send's time stays: the look-up after a lost answer searches from it.
    await request.saveState({
      ...request.state,
      publishingAt: sentBefore ?? new Date().toISOString(),
    });
    try {
      return await this.post(request, page, photoIds);
    } catch (error) {
      return findResentDuplicate(
        error,
        sentBefore,
        () => this.findPublished(request),
        "the Page's latest posts",
      );
    }
  }

  /** The irreversible call: `/videos`, `/photos` or `/feed`, then the permalink. */
  private async post(
    request: PublishRequest,
    page: PageCall,
    photoIds: string[],
  ): Promise<PublishResult> {
    const video = request.media.find((media) => media.kind === 'video');
    const message: Record<string, string> = page.text ? { message: page.text } : {};
    let id: string;
    if (video) {
      id = await this.send(page, 'videos', {
        file_url: video.url,
        ...(page.text ? { description: page.text } : {}),
      });
    } else if (request.media.length === 1) {
      const body = await this.graph.call({
        method: 'POST',
        path: `/${page.pageId}/photos`,
        params: { url: request.media[0].url, published: 'true', ...message },
        accessToken: page.token,
        irreversible: true,
      });
      id = requireId(body.post_id ?? body.id, 'the post id', 'Facebook');
    } else {
      id = await this.send(page, 'feed', {
        ...message,
        ...(photoIds.length > 0
          ? { attached_media: JSON.stringify(photoIds.map((fbid) => ({ media_fbid: fbid }))) }
          : {}),
      });
    }
    return {
      platformPostId: id,
      url: absoluteUrl(await this.graph.readField(id, 'permalink_url', page.token)),
    };
  }

  /**
   * Looks for this run's post among the Page's latest (by text and time): Facebook has no
   * idempotency key and no container to ask. Null when the post was never sent.
   */
  async findPublished(request: PublishRequest): Promise<PublishResult | null | undefined> {
    const state = request.state as FacebookState;
    if (!state.publishingAt) {
      return null;
    }
    const page = this.page(request);
    const video = request.media.some((media) => media.kind === 'video');
    const textField = video ? 'description' : 'message';
    const body = await this.graph.call({
      method: 'GET',
      path: `/${page.pageId}/${video ? 'videos' : 'feed'}`,
      params: { fields: `id,${textField},created_time,permalink_url`, limit: '10' },
      accessToken: page.token,
    });
    const since = Date.parse(state.publishingAt) - LOOK_UP_SKEW_MS;
    const items = Array.isArray(body.data) ? (body.data as Record<string, unknown>[]) : [];
    const match = items.find(
      (item) =>
        (typeof item[textField] === 'string' ? item[textField] : '').trim() === page.text.trim() &&
        parseGraphTime(item.created_time) >= since,
    );
    return match
      ? { platformPostId: String(match.id), url: absoluteUrl(match.permalink_url) }
      : null;
  }

  private page(request: PublishRequest): PageCall {
    requireAccessToken(request);
    const pageId = request.metadata.pageId;
    if (typeof pageId !== 'string' || pageId === '') {
      throw new PublishError(
        'permanent',
        'account_incomplete',
        'The account has no pageId: connect it again',
      );
    }
    return { token: request.accessToken, pageId, text: request.content.text ?? '' };
  }

  /** Reversible: unpublished photos show nowhere until a post attaches them; saved for retries. */
  private async uploadUnpublishedPhotos(
    request: PublishRequest,
    page: PageCall,
  ): Promise<string[]> {
    if (request.media.length < 2) {
      return [];
    }
    const saved = (request.state as FacebookState).photoIds;
    if (saved?.length === request.media.length) {
      return saved;
    }
    const photoIds: string[] = [];
    for (const media of request.media) {
      const body = await this.graph.call({
        method: 'POST',
        path: `/${page.pageId}/photos`,
        params: { url: media.url, published: 'false' },
        accessToken: page.token,
      });
      photoIds.push(requireId(body.id, 'a photo id', 'Facebook'));
    }
    await request.saveState({ ...request.state, photoIds });
    return photoIds;
  }

  private async send(
    page: PageCall,
    edge: string,
    params: Record<string, string>,
  ): Promise<string> {
    const body = await this.graph.call({
      method: 'POST',
      path: `/${page.pageId}/${edge}`,
      params,
      accessToken: page.token,
      irreversible: true,
    });
    return requireId(body.id, 'the post id', 'Facebook');
  }
}

/** Video permalinks come back relative (`/page/videos/1/`). */
function absoluteUrl(value: unknown): string | null {
  if (typeof value !== 'string' || value === '') {
    return null;
  }
  return value.startsWith('/') ? `https://www.facebook.com${value}` : value;
}
