import { Injectable } from '@nestjs/common';
import { SokuConfig } from '../../../config/soku-config';
import { type ByteRange, readAll, readRanges } from '../byte-chunks';
import {
  type PlatformConnector,
  PublishError,
  type PublishMedia,
  type PublishRequest,
  type PublishResult,
} from '../platform-connector';
import { platformApiBase } from '../../../config/platform-api-hosts';
import {
  type PlatformAnswer,
  type PlatformCall,
  type PlatformCallOptions,
  asObject,
  asString,
  callPlatform,
} from '../platform-http';
import { linkedinFailure } from './linkedin-errors';
import { toLittleText } from './little-text';

interface VideoUpload {
  urn: string;
  uploadToken: string;
  parts: (ByteRange & { uploadUrl: string })[];
  etags: string[];
  finalized: boolean;
}

interface LinkedinState {
  images?: string[];
  video?: VideoUpload;
  waitingSince?: number;
  /** Set just before POST /rest/posts: from then on, a lost answer means "look first". */
  postSentAt?: string;
}

/**
 * LinkedIn Posts API (`/rest/posts`, versioned): as the member or an organization; images through
 * initializeUpload + PUT (one, or 2–20 as multiImage); a video through initializeUpload, a PUT per
 * part (ETags kept), finalizeUpload, then waiting for AVAILABLE. Uploaded media URNs are saved as
 * they are made, so a retry reuses them.
 */
@Injectable()
export class LinkedinConnector implements PlatformConnector {
  readonly platform = 'linkedin';

  constructor(private readonly config: SokuConfig) {}

  async publish(request: PublishRequest): Promise<PublishResult> {
    const state = request.state as LinkedinState;
    const author = authorOf(request);
    const video = request.media.find((m) => m.kind === 'video');
    let content: Record<string, unknown> | undefined;
    if (video) {
      const urn = await this.uploadVideo(request, state, author, video);
      content = { media: { id: urn } };
    } else if (request.media.length > 0) {
      const urns = await this.uploadImages(request, state, author);
      content =
        urns.length === 1
          ? { media: { id: urns[0] } }
          : { multiImage: { images: urns.map((id) => ({ id })) } };
    }
    const resent = state.postSentAt !== undefined;
    state.postSentAt = new Date().toISOString();
    await request.saveState({ ...state });
    const answer = await this.call(request, {
      method: 'POST',
      url: this.url('/rest/posts'),
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
    const failure = this.failure(answer);
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
    const url = new URL(this.url('/rest/posts'));
    url.searchParams.set('q', 'author');
    url.searchParams.set('author', author);
    url.searchParams.set('count', '10');
    url.searchParams.set('sortBy', 'LAST_MODIFIED');
    const answer = await this.call(request, { method: 'GET', url: url.toString() });
    if (answer.status !== 200) {
      throw this.failure(answer);
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

  private async uploadImages(
    request: PublishRequest,
    state: LinkedinState,
    author: string,
  ): Promise<string[]> {
    state.images ??= [];
    for (const image of request.media.slice(state.images.length)) {
      const value = await this.initialize(request, '/rest/images', { owner: author });
      const uploadUrl = required(value.uploadUrl, 'uploadUrl');
      await this.put(request, uploadUrl, image.mimeType, await readAll(await image.open()));
      state.images.push(required(value.image, 'image'));
      await request.saveState({ ...state });
    }
    return state.images;
  }

  private async uploadVideo(
    request: PublishRequest,
    state: LinkedinState,
    author: string,
    video: PublishMedia,
  ): Promise<string> {
    if (!state.video) {
      const value = await this.initialize(request, '/rest/videos', {
        owner: author,
        fileSizeBytes: video.size,
        uploadCaptions: false,
        uploadThumbnail: false,
      });
      const instructions = Array.isArray(value.uploadInstructions)
        ? value.uploadInstructions.map(asObject)
        : [];
      state.video = {
        urn: required(value.video, 'video'),
        uploadToken: asString(value.uploadToken) ?? '',
        parts: instructions.map((part) => ({
          uploadUrl: required(part.uploadUrl, 'uploadUrl'),
          first: Number(part.firstByte),
          last: Number(part.lastByte),
        })),
        etags: [],
        finalized: false,
      };
      state.waitingSince = Date.now();
      await request.saveState({ ...state });
    }
    const upload = state.video;
    if (!upload.finalized) {
      const remaining = upload.parts.slice(upload.etags.length);
      for await (const { range, bytes } of readRanges(await video.open(), remaining)) {
        const part = range as (typeof remaining)[number];
        const answer = await this.put(request, part.uploadUrl, 'application/octet-stream', bytes);
        upload.etags.push(required(answer.headers.get('etag'), 'ETag'));
        await request.saveState({ ...state });
      }
      const finalized = await this.call(request, {
        method: 'POST',
        url: this.url('/rest/videos?action=finalizeUpload'),
        json: {
          finalizeUploadRequest: {
            video: upload.urn,
            uploadToken: upload.uploadToken,
            uploadedPartIds: upload.etags,
          },
        },
      });
      if (finalized.status >= 300) {
        throw this.failure(finalized);
      }
      upload.finalized = true;
      await request.saveState({ ...state });
    }
    await this.waitUntilAvailable(request, state, upload.urn);
    return upload.urn;
  }

  /** LinkedIn processes a video after finalizeUpload: post it only once it is AVAILABLE. */
  private async waitUntilAvailable(
    request: PublishRequest,
    state: LinkedinState,
    urn: string,
  ): Promise<void> {
    const answer = await this.call(request, {
      method: 'GET',
      url: this.url(`/rest/videos/${encodeURIComponent(urn)}`),
    });
    if (answer.status !== 200) {
      throw this.failure(answer);
    }
    const status = asString(answer.json.status);
    if (status === 'AVAILABLE') {
      return;
    }
    if (status === 'PROCESSING_FAILED') {
      throw new PublishError(
        'permanent',
        'video_processing_failed',
        `LinkedIn could not process the video${asString(answer.json.processingFailureReason) ? `: ${String(answer.json.processingFailureReason)}` : ''}`,
      );
    }
    const { pollIntervalMs, pollTimeoutMs } = this.config.platformApi;
    if (Date.now() - (state.waitingSince ?? Date.now()) > pollTimeoutMs) {
      throw new PublishError(
        'permanent',
        'processing_timeout',
        'LinkedIn never finished the video',
      );
    }
    throw new PublishError(
      'deferred',
      'platform_processing',
      `LinkedIn is processing the video (${status ?? 'no status yet'})`,
      pollIntervalMs,
    );
  }

  private async initialize(
    request: PublishRequest,
    path: string,
    initializeUploadRequest: Record<string, unknown>,
  ): Promise<Record<string, unknown>> {
    const answer = await this.call(request, {
      method: 'POST',
      url: this.url(`${path}?action=initializeUpload`),
      json: { initializeUploadRequest },
    });
    if (answer.status !== 200) {
      throw this.failure(answer);
    }
    return asObject(answer.json.value);
  }

  private async put(
    request: PublishRequest,
    uploadUrl: string,
    contentType: string,
    bytes: Buffer,
  ): Promise<PlatformAnswer> {
    const answer = await callPlatform(
      {
        method: 'PUT',
        url: uploadUrl,
        headers: {
          Authorization: `Bearer ${request.accessToken ?? ''}`,
          'Content-Type': contentType,
        },
        body: bytes,
      },
      this.callOptions(),
    );
    if (answer.status >= 300) {
      throw this.failure(answer);
    }
    return answer;
  }

  private call(request: PublishRequest, call: PlatformCall): Promise<PlatformAnswer> {
    return callPlatform(
      {
        ...call,
        headers: {
          Authorization: `Bearer ${request.accessToken ?? ''}`,
          'LinkedIn-Version': this.config.platformApi.linkedinVersion,
          'X-Restli-Protocol-Version': '2.0.0',
          ...call.headers,
        },
      },
      this.callOptions(),
    );
  }

  private callOptions(): PlatformCallOptions {
    return { timeoutMs: this.config.platformApi.timeoutMs, platformName: 'LinkedIn' };
  }

  private failure(answer: PlatformAnswer): PublishError {
    return linkedinFailure(answer, this.config.platformApi.quotaRetryMs);
  }

  private url(path: string): string {
    return `${platformApiBase(this.config, 'linkedin')}${path}`;
  }
}

/** The organization the post names, else the one the account was connected for, else the member. */
function authorOf(request: PublishRequest): string {
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

function required(value: unknown, what: string): string {
  const text = asString(value);
  if (!text) {
    throw new PublishError('retryable', 'unexpected_response', `LinkedIn's answer had no ${what}`);
  }
  return text;
}
