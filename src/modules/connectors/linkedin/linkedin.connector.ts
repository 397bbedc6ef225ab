import { Injectable } from '@nestjs/common';
import { SokuConfig } from '../../../config/soku-config';
import {
  type PlatformConnector,
  PublishError,
  type PublishRequest,
  type PublishResult,
} from '../platform-connector';
import { asObject, asString } from '../platform-http';
import { LinkedinApi } from './linkedin-api';
import { LinkedinMedia, type LinkedinMediaState } from './linkedin-media';
import { toLittleText } from './little-text';

interface LinkedinState extends LinkedinMediaState {
  /** Set just before POST /rest/posts: from then on, a lost answer means "look first". */
  postSentAt?: string;
}

/**
 * LinkedIn Posts API (`/rest/posts`, versioned): as the member or an organization, with one
 * image, 2–20 as multiImage, or a video. The media go up first (linkedin-media.ts) and their URNs
 * are saved as they are made, so a retry reuses them; only the post itself is irreversible.
 */
@Injectable()
export class LinkedinConnector implements PlatformConnector {
  readonly platform = 'linkedin';

  private readonly api: LinkedinApi;
  private readonly media: LinkedinMedia;

  constructor(config: SokuConfig) {
    this.api = new LinkedinApi(config);
    this.media = new LinkedinMedia(this.api, config.platformApi);
  }

  async publish(request: PublishRequest): Promise<PublishResult> {
    const state = request.state as LinkedinState;
    const author = authorOf(request);
    const video = request.media.find((m) => m.kind === 'video');
    let content: Record<string, unknown> | undefined;
    if (video) {
      const urn = await this.media.uploadVideo(request, state, author, video);
      content = { media: { id: urn } };
    } else if (request.media.length > 0) {
      const urns = await this.media.uploadImages(request, state, author);
      content =
        urns.length === 1
          ? { media: { id: urns[0] } }
          : { multiImage: { images: urns.map((id) => ({ id })) } };
    }
    const resent = state.postSentAt !== undefined;
    state.postSentAt = new Date().toISOString();
    await request.saveState({ ...state });
    const answer = await this.api.call(request, {
      method: 'POST',
      url: this.api.url('/rest/posts'),
      irreversible: true,
      json: {
        author,
        commentary: toLittleText(request.content.text ?? ''),
        visibility: request.content.options?.linkedin?.visibility ?? 'PUBLIC',
        distribution: {
          feedDistribution: 'MAIN_FEED',
          targetEntities: [],
          thirdPartyDistributionChannels: [],
        },
        lifecycleState: 'PUBLISHED',
        isReshareDisabledByAuthor: false,
        ...(content ? { content } : {}),
      },
    });
    if (answer.status === 201) {
      return postResult(answer.headers.get('x-restli-id'));
    }
    const failure = this.api.failure(answer);
    const duplicateOf = /urn:li:(?:share|ugcPost):\d+/.exec(asString(answer.json.message) ?? '');
    if (failure.code === 'duplicate_post' && resent && duplicateOf) {
      // Our earlier send went through before its answer was lost: that post is this run's.
      return postResult(duplicateOf[0]);
    }
    throw failure;
  }

  /**
   * Before the post was sent nothing is public. After, an organization's latest posts are checked.
   * A member's cannot be: listing them (GET /rest/posts?q=author) needs the restricted
   * r_member_social, so the resend is the check, its documented 422 DUPLICATE_POST naming the post.
   */
  async findPublished(request: PublishRequest): Promise<PublishResult | null> {
    const state = request.state as LinkedinState;
    const author = authorOf(request);
    if (!state.postSentAt || author.startsWith('urn:li:person:')) {
      return null;
    }
    const url = new URL(this.api.url('/rest/posts'));
    url.searchParams.set('q', 'author');
    url.searchParams.set('author', author);
    url.searchParams.set('count', '10');
    url.searchParams.set('sortBy', 'LAST_MODIFIED');
    const answer = await this.api.call(request, { method: 'GET', url: url.toString() });
    if (answer.status !== 200) {
      throw this.api.failure(answer);
    }
    const commentary = toLittleText(request.content.text ?? '');
    const elements = Array.isArray(answer.json.elements) ? answer.json.elements.map(asObject) : [];
    const mine = elements.find(
      (post) =>
        post.commentary === commentary &&
        Number(post.createdAt ?? 0) >= Date.parse(state.postSentAt!) - 60_000,
    );
    return mine ? postResult(asString(mine.id) ?? null) : null;
  }
}

/** The organization the post names, else the one the account was connected for, else the member. */
export function authorOf(request: Pick<PublishRequest, 'content' | 'metadata'>): string {
  const organizationId = request.content.options?.linkedin?.organizationId;
  if (organizationId) {
    return `urn:li:organization:${organizationId}`;
  }
  const urn = asString(request.metadata.organizationUrn) ?? asString(request.metadata.personUrn);
  if (!urn) {
    throw new PublishError(
      'permanent',
      'author_unknown',
      'This LinkedIn account has no member or organization URN: reconnect it',
    );
  }
  return urn;
}

function postResult(urn: string | null): PublishResult {
  if (!urn) {
    throw new PublishError('permanent', 'unexpected_response', 'LinkedIn gave no post id');
  }
  return { platformPostId: urn, url: `https://www.linkedin.com/feed/update/${urn}` };
}
