import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { recordEvent } from '../../database/outbox';
import { sqlRows } from '../../database/sql';
import type { DurationSource } from './transcription-cost';
import type { TranscriptionJob } from './transcription-job';

const COLUMNS = `id, user_id AS "userId", media_id AS "mediaId", status, model, language,
  duration_seconds AS "durationSeconds", duration_source AS "durationSource",
  credits_reserved AS "creditsReserved", credits_debited AS "creditsDebited", transcript,
  likely_lyrics AS "likelyLyrics", error_code AS "errorCode", error_message AS "errorMessage",
  attempts, lease_expires_at AS "leaseExpiresAt", created_at AS "createdAt",
  completed_at AS "completedAt"`;

export interface NewJob {
  id: string;
  userId: string;
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

/** transcription_jobs; every statement takes the owner id. */
@Injectable()
export class TranscriptionJobsRepository {
  constructor(private readonly db: DataSource) {}

  transaction<T>(work: (manager: EntityManager) => Promise<T>): Promise<T> {
    return this.db.transaction(work);
  }

  async findForUser(userId: string, id: string): Promise<TranscriptionJob | null> {
    const [job] = await sqlRows<TranscriptionJob>(
      this.db,
      `SELECT ${COLUMNS} FROM transcription_jobs WHERE user_id = $1 AND id = $2`,
      [userId, id],
    );
    return job ?? null;
  }

  async findByKey(userId: string, requestKeyHash: string): Promise<TranscriptionJob | null> {
    const [job] = await sqlRows<TranscriptionJob>(
      this.db,
      `SELECT ${COLUMNS} FROM transcription_jobs WHERE user_id = $1 AND request_key_hash = $2`,
      [userId, requestKeyHash],
    );
    return job ?? null;
  }

  /** Null when a job with this key already exists (a concurrent request inserted it). */
  async insert(manager: EntityManager, job: NewJob): Promise<TranscriptionJob | null> {
    const [row] = await sqlRows<TranscriptionJob>(
      manager,
      `INSERT INTO transcription_jobs
         (id, user_id, request_key_hash, media_id, status, model, language, credits_reserved,
          lease_expires_at)
       VALUES ($1, $2, $3, $4, 'processing', $5, $6, $7, now() + make_interval(secs => $8))
       ON CONFLICT (user_id, request_key_hash) DO NOTHING
       RETURNING ${COLUMNS}`,
      [
        job.id,
        job.userId,
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
    userId: string,
    id: string,
    creditsReserved: number,
    leaseSeconds: number,
  ): Promise<TranscriptionJob | null> {
    const [row] = await sqlRows<TranscriptionJob>(
      manager,
      `UPDATE transcription_jobs
          SET status = 'processing', credits_reserved = $3, attempts = attempts + 1,
              error_code = NULL, error_message = NULL, updated_at = now(),
              lease_expires_at = now() + make_interval(secs => $4)
        WHERE user_id = $1 AND id = $2 AND status = 'failed'
        RETURNING ${COLUMNS}`,
      [userId, id, creditsReserved, leaseSeconds],
    );
    return row ?? null;
  }

  /** Settles a processing job; false when it is no longer processing (nothing changed). */
  async complete(
    manager: EntityManager,
    userId: string,
    id: string,
    outcome: JobOutcome,
  ): Promise<boolean> {
    const rows = await sqlRows(
      manager,
      `UPDATE transcription_jobs
          SET status = 'succeeded', transcript = $3, likely_lyrics = $4, duration_seconds = $5,
              duration_source = $6, credits_debited = $7, credits_reserved = 0,
              lease_expires_at = NULL, completed_at = now(), updated_at = now()
        WHERE user_id = $1 AND id = $2 AND status = 'processing'
        RETURNING id`,
      [
        userId,
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
    userId: string,
    id: string,
    code: string,
    message: string,
  ): Promise<number | null> {
    const [row] = await sqlRows<{ reserved: number }>(
      manager,
      `UPDATE transcription_jobs j
          SET status = 'failed', error_code = $3, error_message = $4, credits_reserved = 0,
              lease_expires_at = NULL, updated_at = now()
         FROM (SELECT id, credits_reserved FROM transcription_jobs
                WHERE user_id = $1 AND id = $2 AND status = 'processing' FOR UPDATE) old
        WHERE j.id = old.id
        RETURNING old.credits_reserved AS reserved`,
      [userId, id, code, message.slice(0, 2000)],
    );
    return row?.reserved ?? null;
  }

  /** Jobs whose attempt died (process crash) without settling: system-wide, for the sweeper. */
  expired(limit: number): Promise<{ id: string; userId: string }[]> {
    return sqlRows(
      this.db,
      `SELECT id, user_id AS "userId" FROM transcription_jobs
        WHERE status = 'processing' AND lease_expires_at < now()
        ORDER BY lease_expires_at LIMIT $1`,
      [limit],
    );
  }

  recordEvent(manager: EntityManager, userId: string, data: object): Promise<void> {
    return recordEvent(manager, 'transcription.completed', userId, data);
  }
}
