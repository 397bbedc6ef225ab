import { createHash, randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import type { Logger } from 'pino';
import type { EntityManager } from 'typeorm';
import { AppError, ConflictError, ErrorCode } from '../../common/errors';
import { APP_LOGGER } from '../../config/config.module';
import { SokuConfig } from '../../config/soku-config';
import { CreditsService } from '../credits/credits.service';
import type { MediaEntity } from '../media/entities/media.entity';
import { MediaNotFoundError } from '../media/media.errors';
import { MediaService } from '../media/media.service';
import {
  TranscribeMediaInvalidError,
  TranscribeMediaNotFoundError,
  TranscribeUnsupportedMediaTypeError,
  TranscriptionInProgressError,
  TranscriptionJobNotFoundError,
  TranscriptionUnavailableError,
} from './ai.errors';
import { likelyLyrics } from './likely-lyrics';
import { TranscriptionProvider } from './provider/transcription.provider';
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
 * full, each in one transaction with the job's new state. One job per (user, idempotency key):
 * a retry returns the finished job, or retries a failed one; an attempt that dies with its
 * process is refunded by the sweeper once its lease expires, so credit is never lost or doubled.
 */
@Injectable()
export class TranscriptionService {
  constructor(
    private readonly jobs: TranscriptionJobsRepository,
    private readonly credits: CreditsService,
    private readonly media: MediaService,
    private readonly provider: TranscriptionProvider,
    private readonly config: SokuConfig,
    @Inject(APP_LOGGER) private readonly logger: Logger,
  ) {}

  async transcribe(
    userId: string,
    requestKey: string,
    request: TranscribeRequest,
  ): Promise<TranscriptionJob> {
    const media = await this.transcribableMedia(userId, request.mediaId);
    const keyHash = createHash('sha256').update(requestKey).digest('hex');
    const model = request.model ?? DEFAULT_MODEL;
    const existing = await this.jobs.findByKey(userId, keyHash);
    if (existing) {
      assertSameRequest(existing, media.id, model);
      if (existing.status === 'succeeded') {
        return existing;
      }
    }
    const pieces = await this.read(userId, media);
    const estimate = estimateBasis(media.durationSeconds, request.durationSeconds);
    const job = await this.startAttempt(userId, keyHash, existing, {
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

  async get(userId: string, id: string): Promise<TranscriptionJob> {
    const job = await this.jobs.findForUser(userId, id);
    if (!job) {
      throw new TranscriptionJobNotFoundError(id);
    }
    return job;
  }

  /** Fails and refunds attempts whose process died; returns how many. */
  async refundInterrupted(limit: number): Promise<number> {
    const expired = await this.jobs.expired(limit);
    for (const job of expired) {
      await this.failAttempt(job.userId, job.id, ErrorCode.TranscriptionUnavailable, 'interrupted');
    }
    return expired.length;
  }

  private async transcribableMedia(userId: string, mediaId: string): Promise<MediaEntity> {
    if (!isUuid(mediaId)) {
      throw new TranscribeMediaNotFoundError(mediaId);
    }
    const media = await this.media.get(userId, mediaId).catch((error: unknown) => {
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
  private async read(userId: string, media: MediaEntity): Promise<Buffer[]> {
    const limit = this.config.ai.maxUploadBytes;
    if (media.size > limit && media.mimeType !== 'audio/wav' && media.mimeType !== 'audio/x-wav') {
      throw new TranscribeMediaInvalidError(
        media.id,
        `it is ${media.size} bytes and the transcription API takes at most ${limit}; only WAV audio is split into smaller pieces`,
      );
    }
    const body = await this.media.open(userId, media.id).catch((error: unknown) => {
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

  /** A job in `processing` whose reservation this request now holds, or the finished job. */
  private async startAttempt(
    userId: string,
    keyHash: string,
    existing: TranscriptionJob | null,
    attempt: {
      media: MediaEntity;
      model: string;
      language: string | null;
      reserve: number;
      leaseSeconds: number;
    },
  ): Promise<TranscriptionJob> {
    let job = existing;
    if (job?.status === 'processing') {
      if (job.leaseExpiresAt !== null && job.leaseExpiresAt > new Date()) {
        throw new TranscriptionInProgressError(job.id);
      }
      // Its process died mid-attempt: refund that attempt, then start a new one.
      await this.failAttempt(userId, job.id, ErrorCode.TranscriptionUnavailable, 'interrupted');
    }
    const started = await this.jobs.transaction(async (manager) => {
      const row = job
        ? await this.jobs.restart(manager, userId, job.id, attempt.reserve, attempt.leaseSeconds)
        : await this.jobs.insert(manager, {
            id: randomUUID(),
            userId,
            requestKeyHash: keyHash,
            mediaId: attempt.media.id,
            model: attempt.model,
            language: attempt.language,
            creditsReserved: attempt.reserve,
            leaseSeconds: attempt.leaseSeconds,
          });
      if (row) {
        await this.credits.debit(manager, userId, attempt.reserve, 'transcription', row.id);
      }
      return row;
    });
    if (started) {
      return started;
    }
    // Another request with this key started or finished the job between our read and write.
    job = await this.jobs.findByKey(userId, keyHash);
    if (job?.status === 'succeeded') {
      return job;
    }
    throw new TranscriptionInProgressError(job?.id ?? 'unknown');
  }

  private async run(
    job: TranscriptionJob,
    media: MediaEntity,
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
      await this.failAttempt(job.userId, job.id, code, (error as Error).message);
      throw error;
    }
    return this.settle(job, text, finalBasis(estimate, reported));
  }

  private async settle(
    job: TranscriptionJob,
    transcript: string,
    basis: DurationBasis,
  ): Promise<TranscriptionJob> {
    const settled = await this.jobs.transaction(async (manager) => {
      const debited = await this.adjust(manager, job, creditsFor(basis.seconds));
      const outcome = {
        transcript,
        likelyLyrics: likelyLyrics(transcript),
        durationSeconds: basis.seconds,
        durationSource: basis.source,
        creditsDebited: debited,
      };
      if (!(await this.jobs.complete(manager, job.userId, job.id, outcome))) {
        return false;
      }
      await this.jobs.recordEvent(manager, job.userId, {
        jobId: job.id,
        mediaId: job.mediaId,
        model: job.model,
        language: job.language,
        durationSeconds: basis.seconds,
        creditsDebited: debited,
        likelyLyrics: outcome.likelyLyrics,
      });
      return true;
    });
    if (!settled) {
      // The sweeper refunded this attempt as dead while it was still running.
      throw new TranscriptionUnavailableError('The transcription was interrupted', 1);
    }
    return (await this.jobs.findForUser(job.userId, job.id))!;
  }

  /** Brings the reservation to the final cost; returns what the job cost in the end. */
  private async adjust(
    manager: EntityManager,
    job: TranscriptionJob,
    cost: number,
  ): Promise<number> {
    const reserved = job.creditsReserved;
    if (cost > reserved) {
      // Longer than estimated: take the difference as far as the balance goes, never below 0.
      const taken = await this.credits.debitUpTo(
        manager,
        job.userId,
        cost - reserved,
        'transcription: longer than estimated',
        job.id,
      );
      return reserved + taken;
    }
    await this.credits.refund(
      manager,
      job.userId,
      reserved - cost,
      'transcription: shorter than estimated',
      job.id,
    );
    return cost;
  }

  private async failAttempt(
    userId: string,
    jobId: string,
    code: string,
    message: string,
  ): Promise<void> {
    await this.jobs.transaction(async (manager) => {
      const reserved = await this.jobs.fail(manager, userId, jobId, code, message);
      if (reserved !== null) {
        await this.credits.refund(manager, userId, reserved, 'transcription failed', jobId);
        this.logger.info({ jobId, code, refunded: reserved }, 'transcription failed, refunded');
      }
    });
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
