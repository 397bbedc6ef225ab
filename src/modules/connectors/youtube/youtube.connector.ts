import { Injectable } from '@nestjs/common';
import { SokuConfig } from '../../../config/soku-config';
import { fixedRanges, readRanges } from '../byte-chunks';
import {
  type PlatformConnector,
  PublishError,
  type PublishMedia,
  type PublishRequest,
  type PublishResult,
} from '../platform-connector';
import { platformApiBase } from '../../../config/platform-api-hosts';
import { type PlatformAnswer, type PlatformCall, asString, callPlatform } from '../platform-http';
import { youtubeFailure } from './youtube-errors';
import { youtubeVideoResource } from './youtube-metadata';

/** A cut connection mid-upload is asked about and resumed this many times within one attempt. */
const RESUMES_PER_ATTEMPT = 3;

interface YoutubeState {
  sessionUrl?: string;
  total?: number;
}

/** Where an upload session stands: done (with the video), or the next byte it wants. */
type SessionStatus = { done: true; video: Record<string, unknown> } | { done: false; next: number };

/**
 * YouTube Data API v3 resumable upload: one session per run, its URI saved before any byte is
 * sent; chunks in multiples of 256 KiB answered by 308 + Range; a broken upload resumes from the
 * offset the session reports (`Content-Range: bytes * /total`). The video exists only after the
 * last byte, so asking the session is also how a lost answer is settled.
 */
@Injectable()
export class YoutubeConnector implements PlatformConnector {
  readonly platform = 'youtube';

  constructor(private readonly config: SokuConfig) {}

  async publish(request: PublishRequest): Promise<PublishResult> {
    const video = request.media.find((m) => m.kind === 'video');
    if (!video) {
      throw new PublishError('permanent', 'video_required', 'YouTube takes a video only');
    }
    const state = request.state as YoutubeState;
    let status: SessionStatus = { done: false, next: 0 };
    if (state.sessionUrl) {
      const probed = await this.probe(request, state);
      status = probed ?? (await this.openSession(request, state, video));
    } else {
      await this.openSession(request, state, video);
    }
    let resumes = 0;
    while (!status.done) {
      const from = status.next;
      try {
        status = await this.send(request, state, video, from);
      } catch (error) {
        if (error instanceof PublishError || resumes >= RESUMES_PER_ATTEMPT) {
          throw error;
        }
        status = (await this.probe(request, state)) ?? fail('upload_session_expired');
      }
      // A session that keeps asking for bytes it was sent is not trusted past a few rounds.
      if (!status.done && status.next <= from && ++resumes > RESUMES_PER_ATTEMPT) {
        throw new PublishError(
          'retryable',
          'upload_stalled',
          `YouTube kept asking for byte ${status.next} of the upload`,
        );
      }
    }
    return result(status.video);
  }

  async findPublished(request: PublishRequest): Promise<PublishResult | null> {
    const state = request.state as YoutubeState;
    if (!state.sessionUrl) {
      return null;
    }
    const status = await this.probe(request, state);
    return status?.done ? result(status.video) : null;
  }

  /** Starts the run's one session and saves its URI before a byte goes out. */
  private async openSession(
    request: PublishRequest,
    state: YoutubeState,
    video: PublishMedia,
  ): Promise<SessionStatus> {
    const url = new URL('/upload/youtube/v3/videos', platformApiBase(this.config, 'youtube'));
    url.searchParams.set('uploadType', 'resumable');
    url.searchParams.set('part', 'snippet,status');
    const notify = request.content.options?.youtube?.notifySubscribers;
    if (notify !== undefined) {
      url.searchParams.set('notifySubscribers', String(notify));
    }
    const answer = await this.call(request, {
      method: 'POST',
      url: url.toString(),
      headers: {
        'X-Upload-Content-Length': String(video.size),
        'X-Upload-Content-Type': video.mimeType,
      },
      json: youtubeVideoResource(request.content),
    });
    const location = answer.headers.get('location');
    if (answer.status !== 200 || !location) {
      throw answer.status >= 400
        ? youtubeFailure(answer, this.config.platformApi.quotaRetryMs)
        : new PublishError('retryable', 'no_upload_session', 'YouTube gave no upload session');
    }
    state.sessionUrl = location;
    state.total = video.size;
    await request.saveState({ ...state });
    return { done: false, next: 0 };
  }

  /** Sends the chunks from `from` until the session wants something else or is done. */
  private async send(
    request: PublishRequest,
    state: YoutubeState,
    video: PublishMedia,
    from: number,
  ): Promise<SessionStatus> {
    const total = state.total!;
    const ranges = fixedRanges(total, this.config.platformApi.youtubeChunkBytes, from);
    for await (const { range, bytes } of readRanges(await video.open(), ranges)) {
      // The last byte makes the video; a cut chunk is settled by asking the session (probe).
      const answer = await this.call(request, {
        method: 'PUT',
        url: state.sessionUrl!,
        irreversible: true,
        headers: {
          'Content-Type': video.mimeType,
          'Content-Range': `bytes ${range.first}-${range.last}/${total}`,
        },
        body: bytes,
      });
      const status = this.sessionStatus(answer);
      if (status.done || status.next !== range.last + 1) {
        return status;
      }
    }
    return (await this.probe(request, state)) ?? fail('upload_session_expired');
  }

  /** `PUT bytes * /total`: where the session stopped; null when it is gone (nothing was made). */
  private async probe(request: PublishRequest, state: YoutubeState): Promise<SessionStatus | null> {
    const answer = await this.call(request, {
      method: 'PUT',
      url: state.sessionUrl!,
      headers: { 'Content-Range': `bytes */${state.total}` },
      body: Buffer.alloc(0),
    });
    if (answer.status === 404 || answer.status === 410) {
      return null;
    }
    return this.sessionStatus(answer);
  }

  private sessionStatus(answer: PlatformAnswer): SessionStatus {
    if (answer.status === 200 || answer.status === 201) {
      return { done: true, video: answer.json };
    }
    if (answer.status === 308) {
      const range = /bytes=0-(\d+)/.exec(answer.headers.get('range') ?? '');
      return { done: false, next: range ? Number(range[1]) + 1 : 0 };
    }
    throw youtubeFailure(answer, this.config.platformApi.quotaRetryMs);
  }

  private call(request: PublishRequest, call: PlatformCall): Promise<PlatformAnswer> {
    return callPlatform(
      {
        ...call,
        headers: { Authorization: `Bearer ${request.accessToken ?? ''}`, ...call.headers },
      },
      { timeoutMs: this.config.platformApi.timeoutMs, platformName: 'YouTube' },
    );
  }
}

function result(video: Record<string, unknown>): PublishResult {
  const id = asString(video.id);
  if (!id) {
    throw new PublishError(
      'permanent',
      'unexpected_response',
      'YouTube answered without a video id',
    );
  }
  return { platformPostId: id, url: `https://www.youtube.com/watch?v=${id}` };
}

function fail(code: string): never {
  throw new PublishError(
    'retryable',
    code,
    'The YouTube upload session expired before the video was complete',
  );
}
