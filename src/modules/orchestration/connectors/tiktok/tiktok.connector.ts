import { Injectable } from '@nestjs/common';
import { SokuConfig } from '../../../../config/soku-config';
import type { TiktokPrivacyLevel } from '../../../posts/platform-options';
import { type ByteRange, readRanges } from '../byte-chunks';
import {
  type PlatformConnector,
  PublishError,
  type PublishMedia,
  type PublishRequest,
  type PublishResult,
} from '../platform-connector';
import { platformApiBase } from '../platform-api-base';
import { asObject, asString, callPlatform } from '../platform-http';
import { tiktokFailure } from './tiktok-errors';

/** TikTok's chunk rules: files under 5 MB go whole; at most 1000 chunks. */
const MIN_CHUNK = 5 * 1024 * 1024;
const MAX_CHUNKS = 1000;

/** What the mandatory creator_info query said, kept with the run. */
interface CreatorInfo {
  username: string | null;
  privacyLevels: string[];
  maxVideoSeconds: number | null;
  commentDisabled: boolean;
  duetDisabled: boolean;
  stitchDisabled: boolean;
}

interface TiktokState {
  creator?: CreatorInfo;
  publishId?: string;
  uploadUrl?: string;
  videoSize?: number;
  chunkSize?: number;
  uploaded?: boolean;
  isPhoto?: boolean;
  waitingSince?: number;
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

  constructor(private readonly config: SokuConfig) {}

  async publish(request: PublishRequest): Promise<PublishResult> {
    const state = request.state as TiktokState;
    if (!state.publishId) {
      await this.start(request, state);
    } else if (!state.isPhoto && state.uploadUrl && !state.uploaded) {
      const status = await this.fetchStatus(request, state.publishId);
      await this.upload(request, state, Number(status.uploaded_bytes ?? 0));
    }
    return this.settle(request, state);
  }

  async findPublished(request: PublishRequest): Promise<PublishResult | null> {
    const state = request.state as TiktokState;
    if (!state.publishId) {
      return null;
    }
    const status = await this.fetchStatus(request, state.publishId);
    return status.status === 'PUBLISH_COMPLETE' ? this.result(state, status) : null;
  }

  private async start(request: PublishRequest, state: TiktokState): Promise<void> {
    const creator = await this.creatorInfo(request);
    state.creator = creator;
    const options = request.content.options?.tiktok ?? {};
    const privacy = choosePrivacy(options.privacyLevel, creator.privacyLevels);
    const video = request.media.find((m) => m.kind === 'video');
    const postInfo = {
      privacy_level: privacy,
      disable_comment: options.disableComment ?? creator.commentDisabled,
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
        disable_duet: options.disableDuet ?? creator.duetDisabled,
        disable_stitch: options.disableStitch ?? creator.stitchDisabled,
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
    const data = await this.call(request, '/v2/post/publish/creator_info/query/', {});
    return {
      username: asString(data.creator_username) ?? null,
      privacyLevels: Array.isArray(data.privacy_level_options)
        ? data.privacy_level_options.filter((v): v is string => typeof v === 'string')
        : [],
      maxVideoSeconds:
        typeof data.max_video_post_duration_sec === 'number'
          ? data.max_video_post_duration_sec
          : null,
      commentDisabled: data.comment_disabled === true,
      duetDisabled: data.duet_disabled === true,
      stitchDisabled: data.stitch_disabled === true,
    };
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
    const data = await this.call(request, '/v2/post/publish/video/init/', {
      post_info: postInfo,
      source_info: sourceInfo,
    });
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
    const data = await this.call(request, '/v2/post/publish/content/init/', {
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
      const answer = await callPlatform(
        {
          method: 'PUT',
          url: state.uploadUrl!,
          headers: {
            'Content-Type': video.mimeType,
            'Content-Range': `bytes ${range.first}-${range.last}/${state.videoSize}`,
          },
          body: bytes,
        },
        this.config.platformApi.timeoutMs,
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
    const status = await this.fetchStatus(request, state.publishId!);
    const value = asString(status.status);
    if (value === 'PUBLISH_COMPLETE') {
      return this.result(state, status);
    }
    if (value === 'FAILED') {
      const reason = asString(status.fail_reason) ?? 'unknown';
      throw new PublishError('permanent', reason, `TikTok could not publish the post: ${reason}`);
    }
    const { pollIntervalMs, pollTimeoutMs } = this.config.platformApi;
    if (Date.now() - (state.waitingSince ?? Date.now()) > pollTimeoutMs) {
      throw new PublishError(
        'permanent',
        'processing_timeout',
        `TikTok was still at ${value ?? 'an unknown status'} after ${Math.round(pollTimeoutMs / 60_000)} minutes`,
      );
    }
    throw new PublishError(
      'deferred',
      'platform_processing',
      `TikTok is processing the post (${value ?? 'no status yet'})`,
      pollIntervalMs,
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
    return this.call(request, '/v2/post/publish/status/fetch/', { publish_id: publishId });
  }

  /** POST JSON to the Content Posting API; `data` on success, a classified PublishError else. */
  private async call(
    request: PublishRequest,
    path: string,
    json: unknown,
  ): Promise<Record<string, unknown>> {
    const answer = await callPlatform(
      {
        method: 'POST',
        url: `${platformApiBase(this.config, 'tiktok')}${path}`,
        headers: {
          Authorization: `Bearer ${request.accessToken ?? ''}`,
          'Content-Type': 'application/json; charset=UTF-8',
        },
        body: Buffer.from(JSON.stringify(json)),
      },
      this.config.platformApi.timeoutMs,
    );
    const failure = tiktokFailure(answer, this.config.platformApi.quotaRetryMs);
    if (failure) {
      throw failure;
    }
    return asObject(answer.json.data);
  }
}

/** The chosen level, checked against the creator's options; without one, public when offered. */
function choosePrivacy(chosen: TiktokPrivacyLevel | undefined, offered: string[]): string {
  if (chosen) {
    if (offered.length > 0 && !offered.includes(chosen)) {
      throw new PublishError(
        'permanent',
        'privacy_level_option_mismatch',
        `TikTok: this creator cannot post ${chosen}; their options are ${offered.join(', ')}`,
      );
    }
    return chosen;
  }
  if (offered.length === 0 || offered.includes('PUBLIC_TO_EVERYONE')) {
    return 'PUBLIC_TO_EVERYONE';
  }
  return offered.includes('SELF_ONLY') ? 'SELF_ONLY' : offered[0];
}

/** Files under 5 MB go in one chunk; larger ones in chunks of the configured size (≤ 1000). */
export function chunkSizeFor(videoSize: number, configured: number): number {
  if (videoSize < MIN_CHUNK || videoSize <= configured) {
    return videoSize;
  }
  return Math.max(configured, Math.ceil(videoSize / MAX_CHUNKS));
}

/** floor(size / chunk) chunks; the last one takes the remainder. */
export function chunkRanges(videoSize: number, chunkSize: number): ByteRange[] {
  const count = Math.max(1, Math.floor(videoSize / chunkSize));
  return Array.from({ length: count }, (_, i) => ({
    first: i * chunkSize,
    last: i === count - 1 ? videoSize - 1 : (i + 1) * chunkSize - 1,
  }));
}

function requireString(value: unknown, what: string): string {
  const text = asString(value);
  if (!text) {
    throw new PublishError('retryable', 'unexpected_response', `TikTok's answer had no ${what}`);
  }
  return text;
}
