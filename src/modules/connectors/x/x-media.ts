import type { Readable } from 'node:stream';
import type { PlatformApiConfig } from '../../../config/platform-api.config';
import { PublishError, type PublishMedia } from '../platform-connector';
import { requireId } from '../platform-http';
import { waitUntilProcessed } from '../processing-poll';
import { dataOf, type XClient } from './x-client';

/** A media item on X, kept in the run's state so a retry does not upload it again. */
export interface UploadedXMedia {
  /** Soku's media id. */
  sokuId: string;
  id: string;
  mediaKey: string | null;
  /** X forgets uploads after `expires_after_secs`. */
  expiresAt: string | null;
  /** Set while X is still processing it: when it was finalized (the processing bound's clock). */
  processingSince?: string;
}

export const X_FORMATS = {
  image: ['image/jpeg', 'image/png', 'image/webp', 'image/gif'],
  video: ['video/mp4', 'video/quicktime'],
} as const;

/** An uploaded id must outlive the post call by this much to be reused. */
const REUSE_MARGIN_MS = 5 * 60_000;

export function isReusable(uploaded: UploadedXMedia | undefined, now = Date.now()): boolean {
  return (
    uploaded !== undefined &&
    (uploaded.expiresAt === null || Date.parse(uploaded.expiresAt) - REUSE_MARGIN_MS > now)
  );
}

/**
 * X API v2 media upload: images in one multipart `POST /2/media/upload` (tweet_image); videos and
 * GIFs chunked (initialize → append × n → finalize → status until succeeded).
 */
export class XMediaUploader {
  constructor(
    private readonly client: XClient,
    private readonly config: PlatformApiConfig,
  ) {}

  /**
   * Uploads one item. A video or GIF X is still processing is handed to `onProcessing` (to be
   * saved on the run) before waiting for it, so a deferral or a crash resumes with `finishProcessing`
   * instead of uploading it again.
   */
  async upload(
    media: PublishMedia,
    onProcessing: (pending: UploadedXMedia) => Promise<void>,
  ): Promise<UploadedXMedia> {
    const allowed: readonly string[] = media.kind === 'audio' ? [] : X_FORMATS[media.kind];
    if (!allowed.includes(media.mimeType)) {
      throw new PublishError(
        'permanent',
        'unsupported_media_type',
        `X does not take ${media.mimeType}; it takes ${[...X_FORMATS.image, ...X_FORMATS.video].join(', ')}`,
      );
    }
    const data =
      media.kind === 'image' && media.mimeType !== 'image/gif'
        ? await this.simple(media)
        : await this.chunked(media, media.kind === 'video' ? 'tweet_video' : 'tweet_gif');
    const id = requireId(data.id, 'a media id', 'X');
    const seconds = Number(data.expires_after_secs);
    const uploaded: UploadedXMedia = {
      sokuId: media.id,
      id,
      mediaKey: typeof data.media_key === 'string' ? data.media_key : null,
      expiresAt:
        Number.isFinite(seconds) && seconds > 0
          ? new Date(Date.now() + seconds * 1000).toISOString()
          : null,
    };
    // FINALIZE: "If and (only if) the response … contains a processing_info field", poll STATUS
    // (developer.x.com/en/docs/media/upload-media/api-reference/post-media-upload-finalize).
    const info = data.processing_info as Record<string, unknown> | undefined;
    if (!info || info.state === 'succeeded') {
      return uploaded;
    }
    const pending = { ...uploaded, processingSince: new Date().toISOString() };
    await onProcessing(pending);
    return this.finishProcessing(pending, info);
  }

  /** Waits on X's processing of an item uploaded earlier (this attempt or a deferred one). */
  async finishProcessing(
    pending: UploadedXMedia,
    first?: Record<string, unknown>,
  ): Promise<UploadedXMedia> {
    const since = Date.parse(pending.processingSince ?? '');
    // Without FINALIZE's answer this resumes a deferred run: one STATUS look, then let go again.
    await this.waitProcessed(
      pending.id,
      first,
      Number.isNaN(since) ? Date.now() : since,
      first ? undefined : 1,
    );
    return { ...pending, processingSince: undefined };
  }

  private async simple(media: PublishMedia): Promise<Record<string, unknown>> {
    const form = new FormData();
    form.set('media_category', 'tweet_image');
    form.set('media_type', media.mimeType);
    form.set(
      'media',
      new Blob([await readAll(await media.open())], { type: media.mimeType }),
      'media',
    );
    return dataOf(await this.client.call({ method: 'POST', path: '/2/media/upload', form }));
  }

  private async chunked(media: PublishMedia, category: string): Promise<Record<string, unknown>> {
    const init = dataOf(
      await this.client.call({
        method: 'POST',
        path: '/2/media/upload/initialize',
        json: { media_type: media.mimeType, total_bytes: media.size, media_category: category },
      }),
    );
    const id = requireId(init.id, 'a media id', 'X');
    let segment = 0;
    for await (const chunk of chunksOf(await media.open(), this.config.xUploadChunkBytes)) {
      const form = new FormData();
      form.set('segment_index', String(segment++));
      form.set('media', new Blob([chunk], { type: 'application/octet-stream' }), 'media');
      await this.client.call({ method: 'POST', path: `/2/media/upload/${id}/append`, form });
    }
    const finalized = dataOf(
      await this.client.call({ method: 'POST', path: `/2/media/upload/${id}/finalize` }),
    );
    return { ...init, ...finalized, id };
  }

  /**
   * Polls STATUS as X asks (check_after_secs) until `succeeded`; `failed` is the media's fault.
   * States go pending → in_progress → failed | succeeded
   * (developer.x.com/en/docs/media/upload-media/api-reference/get-media-upload-status, "Response").
   */
  private waitProcessed(id: string, first: unknown, since: number, checks?: number): Promise<void> {
    let info = first as Record<string, unknown> | undefined;
    return waitUntilProcessed(
      async () => {
        if (!info) {
          const status = dataOf(
            await this.client.call({
              method: 'GET',
              path: '/2/media/upload',
              query: { command: 'STATUS', media_id: id },
            }),
          );
          info = (status.processing_info ?? { state: 'succeeded' }) as Record<string, unknown>;
        }
        const seen = info;
        info = undefined;
        if (seen.state === 'succeeded') {
          return { done: true, value: undefined };
        }
        if (seen.state === 'failed') {
          const error = (seen.error ?? {}) as { message?: unknown; name?: unknown };
          const reason = [error.message, error.name].find((v) => typeof v === 'string');
          throw new PublishError(
            'permanent',
            'media_processing_failed',
            `X could not process the media: ${reason ?? 'no reason given'}`,
          );
        }
        const after = Number(seen.check_after_secs);
        const percent = Number(seen.progress_percent);
        return {
          done: false,
          said: `${String(seen.state)}${Number.isFinite(percent) ? ` ${percent}%` : ''}`,
          afterMs:
            Number.isFinite(after) && seen.check_after_secs !== undefined
              ? after * 1000
              : undefined,
        };
      },
      this.config,
      `The video (X media ${id})`,
      since,
      checks,
    );
  }
}

async function readAll(stream: Readable): Promise<Buffer> {
  const parts: Buffer[] = [];
  for await (const part of stream) {
    parts.push(Buffer.from(part as Buffer));
  }
  return Buffer.concat(parts);
}

/** The stream cut into pieces of exactly `size` bytes (the last one shorter), never all in memory. */
export async function* chunksOf(stream: Readable, size: number): AsyncGenerator<Buffer> {
  let pending: Buffer[] = [];
  let length = 0;
  for await (const part of stream) {
    let piece = Buffer.from(part as Buffer);
    while (length + piece.length >= size) {
      const take = size - length;
      yield Buffer.concat([...pending, piece.subarray(0, take)]);
      piece = piece.subarray(take);
      pending = [];
      length = 0;
    }
    if (piece.length > 0) {
      pending.push(piece);
      length += piece.length;
    }
  }
  if (length > 0) {
    yield Buffer.concat(pending);
  }
}
