import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import type { Logger } from 'pino';
import type { EntityManager } from 'typeorm';
import type { Scope } from '../../common/auth/route-auth';
import { ErrorCode } from '../../common/errors';
import { APP_LOGGER } from '../../config/config.module';
import { CreditsService } from '../credits';
import type { MediaRecord } from '../media';
import { TranscriptionInProgressError, TranscriptionUnavailableError } from './ai.errors';
import { likelyLyrics } from './likely-lyrics';
import { creditsFor, type DurationBasis } from './transcription-cost';
import type { TranscriptionJob } from './transcription-job';
import { TranscriptionJobsRepository } from './transcription-jobs.repository';

/**
 * The credit side of a transcription attempt: each step changes the job's state and the user's
 * balance in one transaction. Starting reserves the estimated credits; settling adjusts them to
 * the final duration; failing refunds them in full.
 */
@Injectable()
export class TranscriptionAttempts {
  constructor(
    private readonly jobs: TranscriptionJobsRepository,
    private readonly credits: CreditsService,
    @Inject(APP_LOGGER) private readonly logger: Logger,
  ) {}

  /** A job in `processing` whose reservation this request now holds, or the finished job. */
  async start(
    scope: Scope,
    keyHash: string,
    existing: TranscriptionJob | null,
    attempt: {
      media: MediaRecord;
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
      await this.fail(scope, job.id, ErrorCode.TranscriptionUnavailable, 'interrupted');
    }
    const started = await this.jobs.transaction(async (manager) => {
      const row = job
        ? await this.jobs.restart(manager, scope, job.id, attempt.reserve, attempt.leaseSeconds)
        : await this.jobs.insert(manager, {
            id: randomUUID(),
            scope,
            requestKeyHash: keyHash,
            mediaId: attempt.media.id,
            model: attempt.model,
            language: attempt.language,
            creditsReserved: attempt.reserve,
            leaseSeconds: attempt.leaseSeconds,
          });
      if (row) {
        // Credits are the user's, one balance across profiles.
        await this.credits.debit(manager, scope.userId, attempt.reserve, 'transcription', row.id);
      }
      return row;
    });
    if (started) {
      return started;
    }
    // Another request with this key started or finished the job between our read and write.
    job = await this.jobs.findByKey(scope, keyHash);
    if (job?.status === 'succeeded') {
      return job;
    }
    throw new TranscriptionInProgressError(job?.id ?? 'unknown');
  }

  /** Records the transcript and brings the reservation to the final cost, in one transaction. */
  async settle(
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
      if (!(await this.jobs.complete(manager, job, job.id, outcome))) {
        return false;
      }
      await this.jobs.recordEvent(manager, job, {
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
    return (await this.jobs.findInScope(job, job.id))!;
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

  /** Fails the attempt and refunds its reservation, in one transaction. */
  async fail(scope: Scope, jobId: string, code: string, message: string): Promise<void> {
    await this.jobs.transaction(async (manager) => {
      const reserved = await this.jobs.fail(manager, scope, jobId, code, message);
      if (reserved !== null) {
        await this.credits.refund(manager, scope.userId, reserved, 'transcription failed', jobId);
        this.logger.info({ jobId, code, refunded: reserved }, 'transcription failed, refunded');
      }
    });
  }
}
