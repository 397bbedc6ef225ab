import { createHash } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { AppError, ConflictError, ErrorCode } from '../../common/errors';
import type { Scope } from '../../common/auth/route-auth';
import { SokuConfig } from '../../config/soku-config';
import { type MediaRecord, MediaNotFoundError, MediaService } from '../media';
import {
  TranscribeMediaInvalidError,
  TranscribeMediaNotFoundError,
  TranscribeUnsupportedMediaTypeError,
  TranscriptionJobNotFoundError,
} from './ai.errors';
import { TranscriptionProvider } from './provider/transcription.provider';
import { TranscriptionAttempts } from './transcription-attempts';
import { creditsFor, estimateBasis, finalBasis, type DurationBasis } from './transcription-cost';
import type { TranscriptionJob } from './transcription-job';
import { TranscriptionJobsRepository } from './transcription-jobs.repository';
import { uploadPieces } from './upload-pieces';
import { isUuid } from '../../common/validation/uuid';

export const DEFAULT_MODEL = 'whisper-1';
const TRANSCRIBABLE = /^(audio|video)\//;
/** Head room on top of the API timeout before a silent attempt counts as dead. */
const LEASE_MARGIN_SECONDS = 60;

export interface TranscribeRequest {
  mediaId: string;
  language?: string;
  model?: string;
  durationSeconds?: number;
}

/**
 * Transcription rules. Credits are reserved in the transaction that starts the attempt, before
 * the API is called; the attempt then settles (adjusted to the final duration) or is refunded in
 * full, each in one transaction with the job's new state. Jobs and their media belong to a
 * profile; credits are the user's, shared by every profile. One job per (user, profile,
 * idempotency key):
 * a retry returns the finished job, or retries a failed one; an attempt that dies with its
 * process is refunded by the sweeper once its lease expires, so credit is never lost or doubled.
 */
@Injectable()
export class TranscriptionService {
  constructor(
    private readonly jobs: TranscriptionJobsRepository,
    private readonly attempts: TranscriptionAttempts,
    private readonly media: MediaService,
    private readonly provider: TranscriptionProvider,
    private readonly config: SokuConfig,
  ) {}

  async transcribe(
    scope: Scope,
    requestKey: string,
    request: TranscribeRequest,
  ): Promise<TranscriptionJob> {
    const media = await this.transcribableMedia(scope, request.mediaId);
    const keyHash = createHash('sha256').update(requestKey).digest('hex');
    const model = request.model ?? DEFAULT_MODEL;
    const existing = await this.jobs.findByKey(scope, keyHash);
    if (existing) {
      assertSameRequest(existing, media.id, model);
      if (existing.status === 'succeeded') {
        return existing;
      }
    }
    const pieces = await this.read(scope, media);
    const estimate = estimateBasis(media.durationSeconds, request.durationSeconds);
    const job = await this.attempts.start(scope, keyHash, existing, {
      media,
      model,
      language: request.language ?? null,
      reserve: creditsFor(estimate.seconds),
      leaseSeconds: this.leaseSeconds(pieces.length),
    });
    if (job.status === 'succeeded') {
      return job;
    }
    return this.run(job, media, pieces, estimate);
  }

  async get(scope: Scope, id: string): Promise<TranscriptionJob> {
    const job = await this.jobs.findInScope(scope, id);
    if (!job) {
      throw new TranscriptionJobNotFoundError(id);
    }
    return job;
  }

  /** Fails and refunds attempts whose process died; returns how many. */
  async refundInterrupted(limit: number): Promise<number> {
    const expired = await this.jobs.expired(limit);
    for (const job of expired) {
      await this.attempts.fail(job, job.id, ErrorCode.TranscriptionUnavailable, 'interrupted');
    }
    return expired.length;
  }

  private async transcribableMedia(scope: Scope, mediaId: string): Promise<MediaRecord> {
    if (!isUuid(mediaId)) {
      throw new TranscribeMediaNotFoundError(mediaId);
    }
    const media = await this.media.get(scope, mediaId).catch((error: unknown) => {
      throw error instanceof MediaNotFoundError ? new TranscribeMediaNotFoundError(mediaId) : error;
    });
    if (!TRANSCRIBABLE.test(media.mimeType)) {
      throw new TranscribeUnsupportedMediaTypeError(media.id, media.mimeType);
    }
    if (!(media.size > 0)) {
      throw new TranscribeMediaInvalidError(media.id, 'it has no content');
    }
    return media;
  }

  /** The stored bytes in pieces the API takes, checked before anything is charged. */
  private async read(scope: Scope, media: MediaRecord): Promise<Buffer[]> {
    const limit = this.config.ai.maxUploadBytes;
    if (media.size > limit && media.mimeType !== 'audio/wav' && media.mimeType !== 'audio/x-wav') {
      throw new TranscribeMediaInvalidError(
        media.id,
        `it is ${media.size} bytes and the transcription API takes at most ${limit}; only WAV audio is split into smaller pieces`,
      );
    }
    const body = await this.media.open(scope, media.id).catch((error: unknown) => {
      throw error instanceof MediaNotFoundError
        ? new TranscribeMediaInvalidError(media.id, 'its stored file is missing')
        : error;
    });
    const chunks: Buffer[] = [];
    for await (const chunk of body) {
      chunks.push(chunk as Buffer);
    }
    try {
      return uploadPieces(Buffer.concat(chunks), media.mimeType, limit);
    } catch (error) {
      throw new TranscribeMediaInvalidError(media.id, (error as Error).message);
    }
  }

  private leaseSeconds(calls: number): number {
    return Math.ceil((calls * this.config.ai.openai.timeoutMs) / 1000) + LEASE_MARGIN_SECONDS;
  }

  private async run(
    job: TranscriptionJob,
    media: MediaRecord,
    pieces: Buffer[],
    estimate: DurationBasis,
  ): Promise<TranscriptionJob> {
    let text: string;
    let reported: number | undefined;
    try {
      const outputs = [];
      for (const piece of pieces) {
        outputs.push(
          await this.provider.transcribe({
            file: piece,
            filename: media.filename ?? media.storageKey,
            mimeType: media.mimeType,
            model: job.model,
            language: job.language ?? undefined,
          }),
        );
      }
      text = outputs.map((output) => output.text.trim()).join('\n');
      reported = outputs.every((o) => o.durationSeconds !== undefined)
        ? outputs.reduce((sum, o) => sum + o.durationSeconds!, 0)
        : undefined;
    } catch (error) {
      const code = error instanceof AppError ? error.code : ErrorCode.InternalError;
      await this.attempts.fail(job, job.id, code, (error as Error).message);
      throw error;
    }
    return this.attempts.settle(job, text, finalBasis(estimate, reported));
  }
}

/** A reused key must mean the same transcription (the idempotency layer checks within its TTL). */
function assertSameRequest(job: TranscriptionJob, mediaId: string, model: string): void {
  if (job.mediaId !== mediaId || job.model !== model) {
    throw new ConflictError(
      ErrorCode.IdempotencyConflict,
      `This Idempotency-Key was used for transcription job ${job.id} of another media or model`,
    );
  }
}
