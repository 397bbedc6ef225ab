import { Injectable } from '@nestjs/common';
import { SokuConfig } from '../../../config/soku-config';
import { readRanges } from '../byte-chunks';
import {
  type PlatformConnector,
  PublishError,
  type PublishMedia,
  type PublishRequest,
  type PublishResult,
} from '../platform-connector';
import { asString, callPlatform } from '../platform-http';
import { TiktokApi } from './tiktok-api';
import { chunkRanges, chunkSizeFor } from './tiktok-chunks';
import { tiktokFailure } from './tiktok-errors';
import {
  type CreatorInfo,
  choosePrivacy,
  interactionDisabled,
  parseCreatorInfo,
} from './tiktok-post-info';

interface TiktokState {
  creator?: CreatorInfo;
  publishId?: string;
  uploadUrl?: string;
  videoSize?: number;
  chunkSize?: number;
  uploaded?: boolean;
  isPhoto?: boolean;
  waitingSince?: number;
  /** status/fetch polls that found the post still processing: the next pause grows with them. */
  polls?: number;
  /** Set just before an init that itself publishes (photos, PULL_FROM_URL) is sent. */
  initSentAt?: string;
}

/**
 * TikTok Content Posting API, Direct Post: creator_info, then a video init (chunked FILE_UPLOAD or
 * PULL_FROM_URL) or a photo init (pull only), then status/fetch until PUBLISH_COMPLETE. The
 * publish_id is saved before any byte is sent, so a retry resumes from what TikTok reports
 * (`uploaded_bytes`) and never initialises a second post.
 */
@Injectable()
export class TiktokConnector implements PlatformConnector {
  readonly platform = 'tiktok';

  private readonly api: TiktokApi;

  constructor(private readonly config: SokuConfig) {
    this.api = new TiktokApi(config);
  }

  async publish(request: PublishRequest): Promise<PublishResult> {
    const state = request.state as TiktokState;
    if (!state.publishId && state.initSentAt) {
      throw new PublishError('permanent', 'outcome_unknown', UNANSWERED_INIT);
    }
    if (!state.publishId) {
      await this.start(request, state);
    } else if (!state.isPhoto && state.uploadUrl && !state.uploaded) {
      const status = await this.fetchStatus(request, state.publishId);
      await this.upload(request, state, Number(status.uploaded_bytes ?? 0));
    }
    return this.settle(request, state);
  }

  async findPublished(request: PublishRequest): Promise<PublishResult | null | undefined> {
    const state = request.state as TiktokState;
    if (!state.publishId) {
      // Listing the creator's posts needs video.list, which Soku does not ask for, and lists no photos.
      return state.initSentAt ? undefined : null;
    }
    const status = await this.fetchStatus(request, state.publishId);
    return status.status === 'PUBLISH_COMPLETE' ? this.result(state, status) : null;
  }

  private async start(request: PublishRequest, state: TiktokState): Promise<void> {
    const creator = await this.creatorInfo(request);
    state.creator = creator;
    const options = request.content.options?.tiktok ?? {};
    const privacy = choosePrivacy(
      options.privacyLevel,
      creator.privacyLevels,
      this.config.platformApi.tiktokAppAudited,
    );
    const video = request.media.find((m) => m.kind === 'video');
    const postInfo = {
      privacy_level: privacy,
      disable_comment: interactionDisabled(options.disableComment, creator.commentDisabled),
      brand_content_toggle: options.brandContent ?? false,
      brand_organic_toggle: options.brandOrganic ?? false,
    };
    if (video) {
      if (
        creator.maxVideoSeconds !== null &&
        video.durationSeconds !== null &&
        video.durationSeconds > creator.maxVideoSeconds
      ) {
        throw new PublishError(
          'permanent',
          'duration_check_failed',
          `TikTok: this creator can post videos up to ${creator.maxVideoSeconds} s; the video is ${Math.ceil(video.durationSeconds)} s`,
        );
      }
      await this.initVideo(request, state, video, {
        ...postInfo,
        title: request.content.text ?? '',
        disable_duet: interactionDisabled(options.disableDuet, creator.duetDisabled),
        disable_stitch: interactionDisabled(options.disableStitch, creator.stitchDisabled),
        is_aigc: options.isAigc ?? false,
        ...(options.videoCoverTimestampMs !== undefined
          ? { video_cover_timestamp_ms: options.videoCoverTimestampMs }
          : {}),
      });
    } else {
      await this.initPhotos(request, state, {
        ...postInfo,
        title: options.photoTitle ?? '',
        description: request.content.text ?? '',
        auto_add_music: options.autoAddMusic ?? false,
      });
    }
  }

  private async creatorInfo(request: PublishRequest): Promise<CreatorInfo> {
    return parseCreatorInfo(
      await this.api.call(request, '/v2/post/publish/creator_info/query/', {}),
    );
  }

  private async initVideo(
    request: PublishRequest,
    state: TiktokState,
    video: PublishMedia,
    postInfo: Record<string, unknown>,
  ): Promise<void> {
    const pull = this.config.platformApi.tiktokVideoSource === 'PULL_FROM_URL';
    const chunkSize = chunkSizeFor(video.size, this.config.platformApi.tiktokChunkBytes);
    const sourceInfo = pull
      ? { source: 'PULL_FROM_URL', video_url: video.url }
      : {
          source: 'FILE_UPLOAD',
          video_size: video.size,
          chunk_size: chunkSize,
          total_chunk_count: Math.floor(video.size / chunkSize),
        };
    const init = { post_info: postInfo, source_info: sourceInfo };
    const data = pull
      ? await this.api.publishingInit(request, state, '/v2/post/publish/video/init/', init)
      : await this.api.call(request, '/v2/post/publish/video/init/', init);
    state.publishId = requireString(data.publish_id, 'publish_id');
    if (!pull) {
      state.uploadUrl = requireString(data.upload_url, 'upload_url');
      state.videoSize = video.size;
      state.chunkSize = chunkSize;
      state.uploaded = false;
    }
    state.waitingSince = Date.now();
    await request.saveState({ ...state });
    if (!pull) {
      await this.upload(request, state, 0);
    }
  }

  private async initPhotos(
    request: PublishRequest,
    state: TiktokState,
    postInfo: Record<string, unknown>,
  ): Promise<void> {
    const data = await this.api.publishingInit(request, state, '/v2/post/publish/content/init/', {
      media_type: 'PHOTO',
      post_mode: 'DIRECT_POST',
      post_info: postInfo,
      source_info: {
        source: 'PULL_FROM_URL',
        photo_images: request.media.map((m) => m.url),
        photo_cover_index: 0,
      },
    });
    state.publishId = requireString(data.publish_id, 'publish_id');
    state.isPhoto = true;
    state.waitingSince = Date.now();
    await request.saveState({ ...state });
  }

  /** The chunks from `uploadedBytes` on, in order, each with its Content-Range. */
  private async upload(
    request: PublishRequest,
    state: TiktokState,
    uploadedBytes: number,
  ): Promise<void> {
    const video = request.media.find((m) => m.kind === 'video')!;
    const ranges = chunkRanges(state.videoSize!, state.chunkSize!).filter(
      (range) => range.first >= uploadedBytes,
    );
    for await (const { range, bytes } of readRanges(await video.open(), ranges)) {
      // With the last chunk TikTok publishes: a cut one is settled by status/fetch, not resent.
      const answer = await callPlatform(
        {
          method: 'PUT',
          url: state.uploadUrl!,
          irreversible: true,
          headers: {
            'Content-Type': video.mimeType,
            'Content-Range': `bytes ${range.first}-${range.last}/${state.videoSize}`,
          },
          body: bytes,
        },
        { timeoutMs: this.config.platformApi.timeoutMs, platformName: 'TikTok' },
      );
      if (answer.status >= 400) {
        throw (
          tiktokFailure(answer, this.config.platformApi.quotaRetryMs) ??
          new PublishError('retryable', `http_${answer.status}`, 'TikTok refused an upload chunk')
        );
      }
    }
    state.uploaded = true;
    await request.saveState({ ...state });
  }

  /** Polls once: done, failed, or come back later (a deferral that spends no attempt). */
  private async settle(request: PublishRequest, state: TiktokState): Promise<PublishResult> {
    const status = await this.fetchStatus(request, state.publishId!).catch((error: unknown) => {
      // Over the 30-a-minute limit: wait for the window without spending an attempt.
      if (error instanceof PublishError && error.code === 'rate_limit_exceeded') {
        throw new PublishError('deferred', error.code, error.message, error.retryAfterMs ?? 60_000);
      }
      throw error;
    });
    const value = asString(status.status);
    if (value === 'PUBLISH_COMPLETE') {
      return this.result(state, status);
    }
    if (value === 'FAILED') {
      const reason = asString(status.fail_reason) ?? 'unknown';
      throw new PublishError('permanent', reason, `TikTok could not publish the post: ${reason}`);
    }
    const { tiktokStatusPollMs, pollMaxIntervalMs, pollTimeoutMs } = this.config.platformApi;
    if (Date.now() - (state.waitingSince ?? Date.now()) > pollTimeoutMs) {
      throw new PublishError(
        'permanent',
        'processing_timeout',
        `TikTok was still at ${value ?? 'an unknown status'} after ${Math.round(pollTimeoutMs / 60_000)} minutes`,
      );
    }
    // status/fetch allows 30 calls a minute per token: at least tiktokStatusPollMs apart, growing.
    const polls = state.polls ?? 0;
    state.polls = polls + 1;
    await request.saveState({ ...state });
    const pause = Math.min(
      tiktokStatusPollMs * 1.5 ** polls,
      Math.max(pollMaxIntervalMs, tiktokStatusPollMs),
    );
    throw new PublishError(
      'deferred',
      'platform_processing',
      `TikTok is processing the post (${value ?? 'no status yet'})`,
      Math.round(pause),
    );
  }

  private result(state: TiktokState, status: Record<string, unknown>): PublishResult {
    const ids = Array.isArray(status.publicaly_available_post_id)
      ? status.publicaly_available_post_id.map(String)
      : [];
    const username = state.creator?.username;
    // Private (SELF_ONLY) posts never get a public id: the publish_id is all there is.
    if (ids.length === 0) {
      return { platformPostId: state.publishId!, url: null };
    }
    return {
      platformPostId: ids[0],
      url: username
        ? `https://www.tiktok.com/@${username}/${state.isPhoto ? 'photo' : 'video'}/${ids[0]}`
        : null,
    };
  }

  private fetchStatus(
    request: PublishRequest,
    publishId: string,
  ): Promise<Record<string, unknown>> {
    return this.api.call(request, '/v2/post/publish/status/fetch/', { publish_id: publishId });
  }
}

const UNANSWERED_INIT =
  'TikTok got the post but its answer was lost; whether it was published cannot be checked, so it was not sent again';

function requireString(value: unknown, what: string): string {
  const text = asString(value);
  if (!text) {
    throw new PublishError('retryable', 'unexpected_response', `TikTok's answer had no ${what}`);
  }
  return text;
}
