import type { DurationSource } from './transcription-cost';

export type TranscriptionStatus = 'processing' | 'succeeded' | 'failed';

/** A row of transcription_jobs: one per (user, profile, Idempotency-Key), retried in place. */
export interface TranscriptionJob {
  id: string;
  userId: string;
  profileId: string;
  mediaId: string;
  status: TranscriptionStatus;
  model: string;
  language: string | null;
  durationSeconds: number | null;
  durationSource: DurationSource | null;
  /** Credits held for the attempt in flight; 0 once it settles or is refunded. */
  creditsReserved: number;
  /** Credits the finished job cost. */
  creditsDebited: number;
  transcript: string | null;
  likelyLyrics: boolean | null;
  errorCode: string | null;
  errorMessage: string | null;
  attempts: number;
  leaseExpiresAt: Date | null;
  createdAt: Date;
  completedAt: Date | null;
}
