import type { PlatformApiConfig } from '../../../config/platform-api.config';
import { type ByteRange, readAll, readRanges } from '../byte-chunks';
import { PublishError, type PublishMedia, type PublishRequest } from '../platform-connector';
import { asObject, asString } from '../platform-http';
import type { LinkedinApi } from './linkedin-api';

interface VideoUpload {
  urn: string;
  uploadToken: string;
  parts: (ByteRange & { uploadUrl: string })[];
  etags: string[];
  finalized: boolean;
}

/** What the uploads keep between attempts: every URN is saved as soon as LinkedIn makes it. */
export interface LinkedinMediaState {
  images?: string[];
  video?: VideoUpload;
  waitingSince?: number;
}

/**
 * LinkedIn's media for a post: images through initializeUpload + PUT; a video through
 * initializeUpload, a PUT per part (ETags kept), finalizeUpload, then waiting for AVAILABLE.
 * Nothing here is public until the post names the URNs, so every step may be retried.
 */
export class LinkedinMedia {
  constructor(
    private readonly api: LinkedinApi,
    private readonly platformApi: PlatformApiConfig,
  ) {}

  async uploadImages(
    request: PublishRequest,
    state: LinkedinMediaState,
    author: string,
  ): Promise<string[]> {
    state.images ??= [];
    for (const image of request.media.slice(state.images.length)) {
      const value = await this.initialize(request, '/rest/images', { owner: author });
      const uploadUrl = required(value.uploadUrl, 'uploadUrl');
      await this.api.put(request, uploadUrl, image.mimeType, await readAll(await image.open()));
      state.images.push(required(value.image, 'image'));
      await request.saveState({ ...state });
    }
    return state.images;
  }

  async uploadVideo(
    request: PublishRequest,
    state: LinkedinMediaState,
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
        const answer = await this.api.put(
          request,
          part.uploadUrl,
          'application/octet-stream',
          bytes,
        );
        upload.etags.push(required(answer.headers.get('etag'), 'ETag'));
        await request.saveState({ ...state });
      }
      const finalized = await this.api.call(request, {
        method: 'POST',
        url: this.api.url('/rest/videos?action=finalizeUpload'),
        json: {
          finalizeUploadRequest: {
            video: upload.urn,
            uploadToken: upload.uploadToken,
            uploadedPartIds: upload.etags,
          },
        },
      });
      if (finalized.status >= 300) {
        throw this.api.failure(finalized);
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
    state: LinkedinMediaState,
    urn: string,
  ): Promise<void> {
    const answer = await this.api.call(request, {
      method: 'GET',
      url: this.api.url(`/rest/videos/${encodeURIComponent(urn)}`),
    });
    if (answer.status !== 200) {
      throw this.api.failure(answer);
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
    const { pollIntervalMs, pollTimeoutMs } = this.platformApi;
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
    const answer = await this.api.call(request, {
      method: 'POST',
      url: this.api.url(`${path}?action=initializeUpload`),
      json: { initializeUploadRequest },
    });
    if (answer.status !== 200) {
      throw this.api.failure(answer);
    }
    return asObject(answer.json.value);
  }
}

function required(value: unknown, what: string): string {
  const text = asString(value);
  if (!text) {
    throw new PublishError('retryable', 'unexpected_response', `LinkedIn's answer had no ${what}`);
  }
  return text;
}
