import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import type { Scope } from '../../common/auth/route-auth';
import { recordEvent } from '../../database/outbox';
import { sqlRows } from '../../database/sql';
import type { DurationSource } from './transcription-cost';
import type { TranscriptionJob } from './transcription-job';

const COLUMNS = `id, user_id AS "userId", profile_id AS "profileId", media_id AS "mediaId", status, model, language,
  duration_seconds AS "durationSeconds", duration_source AS "durationSource",
  credits_reserved AS "creditsReserved", credits_debited AS "creditsDebited", transcript,
  likely_lyrics AS "likelyLyrics", error_code AS "errorCode", error_message AS "errorMessage",
  attempts, lease_expires_at AS "leaseExpiresAt", created_at AS "createdAt",
  completed_at AS "completedAt"`;

export interface NewJob {
  id: string;
  scope: Scope;
  requestKeyHash: string;
  mediaId: string;
  model: string;
  language: string | null;
  creditsReserved: number;
  leaseSeconds: number;
}

export interface JobOutcome {
  transcript: string;
  likelyLyrics: boolean;
  durationSeconds: number | null;
  durationSource: DurationSource | null;
  creditsDebited: number;
}

/** transcription_jobs; every statement takes the owner scope (user and profile). */
@Injectable()
export class TranscriptionJobsRepository {
  constructor(private readonly db: DataSource) {}

  transaction<T>(work: (manager: EntityManager) => Promise<T>): Promise<T> {
    return this.db.transaction(work);
  }

  async findInScope(scope: Scope, id: string): Promise<TranscriptionJob | null> {
    const [job] = await sqlRows<TranscriptionJob>(
      this.db,
      `SELECT ${COLUMNS} FROM transcription_jobs WHERE user_id = $1 AND profile_id = $2 AND id = $3`,
      [scope.userId, scope.profileId, id],
    );
    return job ?? null;
  }

  /** Keys are per profile, as the idempotency layer's are. */
  async findByKey(scope: Scope, requestKeyHash: string): Promise<TranscriptionJob | null> {
    const [job] = await sqlRows<TranscriptionJob>(
      this.db,
      `SELECT ${COLUMNS} FROM transcription_jobs
        WHERE user_id = $1 AND profile_id = $2 AND request_key_hash = $3`,
      [scope.userId, scope.profileId, requestKeyHash],
    );
    return job ?? null;
  }

  /** Null when a job with this key already exists (a concurrent request inserted it). */
  async insert(manager: EntityManager, job: NewJob): Promise<TranscriptionJob | null> {
    const [row] = await sqlRows<TranscriptionJob>(
      manager,
      `INSERT INTO transcription_jobs
         (id, user_id, profile_id, request_key_hash, media_id, status, model, language,
          credits_reserved, lease_expires_at)
       VALUES ($1, $2, $3, $4, $5, 'processing', $6, $7, $8, now() + make_interval(secs => $9))
       ON CONFLICT (user_id, profile_id, request_key_hash) DO NOTHING
       RETURNING ${COLUMNS}`,
      [
        job.id,
        job.scope.userId,
        job.scope.profileId,
        job.requestKeyHash,
        job.mediaId,
        job.model,
        job.language,
        job.creditsReserved,
        job.leaseSeconds,
      ],
    );
    return row ?? null;
  }

  /** A failed job's new attempt; null when it is no longer failed. */
  async restart(
    manager: EntityManager,
    scope: Scope,
    id: string,
    creditsReserved: number,
    leaseSeconds: number,
  ): Promise<TranscriptionJob | null> {
    const [row] = await sqlRows<TranscriptionJob>(
      manager,
      `UPDATE transcription_jobs
          SET status = 'processing', credits_reserved = $4, attempts = attempts + 1,
              error_code = NULL, error_message = NULL, updated_at = now(),
              lease_expires_at = now() + make_interval(secs => $5)
        WHERE user_id = $1 AND profile_id = $2 AND id = $3 AND status = 'failed'
        RETURNING ${COLUMNS}`,
      [scope.userId, scope.profileId, id, creditsReserved, leaseSeconds],
    );
    return row ?? null;
  }

  /** Settles a processing job; false when it is no longer processing (nothing changed). */
  async complete(
    manager: EntityManager,
    scope: Scope,
    id: string,
    outcome: JobOutcome,
  ): Promise<boolean> {
    const rows = await sqlRows(
      manager,
      `UPDATE transcription_jobs
          SET status = 'succeeded', transcript = $4, likely_lyrics = $5, duration_seconds = $6,
              duration_source = $7, credits_debited = $8, credits_reserved = 0,
              lease_expires_at = NULL, completed_at = now(), updated_at = now()
        WHERE user_id = $1 AND profile_id = $2 AND id = $3 AND status = 'processing'
        RETURNING id`,
      [
        scope.userId,
        scope.profileId,
        id,
        outcome.transcript,
        outcome.likelyLyrics,
        outcome.durationSeconds,
        outcome.durationSource,
        outcome.creditsDebited,
      ],
    );
    return rows.length > 0;
  }

  /**
   * Marks a processing job failed and releases its reservation; returns the credits that were
   * reserved (to refund in the same transaction), or null when it was not processing.
   */
  async fail(
    manager: EntityManager,
    scope: Scope,
    id: string,
    code: string,
    message: string,
  ): Promise<number | null> {
    const [row] = await sqlRows<{ reserved: number }>(
      manager,
      `UPDATE transcription_jobs j
          SET status = 'failed', error_code = $4, error_message = $5, credits_reserved = 0,
              lease_expires_at = NULL, updated_at = now()
         FROM (SELECT id, credits_reserved FROM transcription_jobs
                WHERE user_id = $1 AND profile_id = $2 AND id = $3 AND status = 'processing'
                FOR UPDATE) old
        WHERE j.id = old.id
        RETURNING old.credits_reserved AS reserved`,
      [scope.userId, scope.profileId, id, code, message.slice(0, 2000)],
    );
    return row?.reserved ?? null;
  }

  /** Jobs whose attempt died (process crash) without settling: system-wide, for the sweeper. */
  expired(limit: number): Promise<({ id: string } & Scope)[]> {
    return sqlRows(
      this.db,
      `SELECT id, user_id AS "userId", profile_id AS "profileId" FROM transcription_jobs
        WHERE status = 'processing' AND lease_expires_at < now()
        ORDER BY lease_expires_at LIMIT $1`,
      [limit],
    );
  }

  /** `transcription.completed`, of the job's scope (the outbox routes it by user for now). */
  recordEvent(manager: EntityManager, scope: Scope, data: object): Promise<void> {
    return recordEvent(manager, 'transcription.completed', scope.userId, data);
  }
}
