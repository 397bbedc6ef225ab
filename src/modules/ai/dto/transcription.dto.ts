import { ApiProperty } from '@nestjs/swagger';
import { IsUUID } from 'class-validator';
import type { TranscriptionJob, TranscriptionStatus } from '../transcription-job';

/** The v1 response of POST /v1/ai/transcribe. */
export class TranscriptionResultDto {
  @ApiProperty({
    example: '0b9d6c1e-2f3a-4b5c-8d7e-9f0a1b2c3d4e',
    description: 'Unique identifier for this transcription job.',
  })
  jobId: string;

  @ApiProperty({
    example: "Welcome to my podcast. Today we're discussing...",
    description: 'The full transcribed text.',
  })
  transcript: string;

  @ApiProperty({ example: 3, description: 'Number of AI credits charged.' })
  creditsDebited: number;

  @ApiProperty({
    example: false,
    description:
      'Whether the content appears to be song lyrics (heuristic: music markers, repeated lines and choruses).',
  })
  likelyLyrics: boolean;

  static from(job: TranscriptionJob): TranscriptionResultDto {
    return {
      jobId: job.id,
      transcript: job.transcript ?? '',
      creditsDebited: job.creditsDebited,
      likelyLyrics: job.likelyLyrics ?? false,
    };
  }
}

export class TranscriptionErrorDto {
  @ApiProperty({ example: 'transcription_unavailable' })
  code: string;

  @ApiProperty({ example: 'The transcription API failed (HTTP 502)' })
  message: string;
}

export class TranscriptionJobDto {
  @ApiProperty({ format: 'uuid' })
  jobId: string;

  @ApiProperty({ enum: ['processing', 'succeeded', 'failed'], example: 'succeeded' })
  status: TranscriptionStatus;

  @ApiProperty({ format: 'uuid' })
  mediaId: string;

  @ApiProperty({ example: 'whisper-1' })
  model: string;

  @ApiProperty({
    type: String,
    nullable: true,
    example: 'en',
    description: 'As requested; null for auto-detection.',
  })
  language: string | null;

  @ApiProperty({
    type: Number,
    nullable: true,
    example: 125.4,
    description: 'The duration charged for, once known.',
  })
  durationSeconds: number | null;

  @ApiProperty({
    type: String,
    nullable: true,
    enum: ['media', 'client', 'provider'],
    description: 'Where the charged duration came from.',
  })
  durationSource: string | null;

  @ApiProperty({ example: 3, description: 'Credits the finished job cost.' })
  creditsDebited: number;

  @ApiProperty({ example: 0, description: 'Credits held while an attempt runs.' })
  creditsReserved: number;

  @ApiProperty({ type: String, nullable: true })
  transcript: string | null;

  @ApiProperty({ type: Boolean, nullable: true })
  likelyLyrics: boolean | null;

  @ApiProperty({
    type: TranscriptionErrorDto,
    nullable: true,
    description: 'Why the last attempt failed.',
  })
  error: TranscriptionErrorDto | null;

  @ApiProperty({ example: 1, description: 'Attempts made under this Idempotency-Key.' })
  attempts: number;

  @ApiProperty({ format: 'date-time' })
  createdAt: string;

  @ApiProperty({ type: String, format: 'date-time', nullable: true })
  completedAt: string | null;

  static from(job: TranscriptionJob): TranscriptionJobDto {
    return {
      jobId: job.id,
      status: job.status,
      mediaId: job.mediaId,
      model: job.model,
      language: job.language,
      durationSeconds: job.durationSeconds,
      durationSource: job.durationSource,
      creditsDebited: job.creditsDebited,
      creditsReserved: job.creditsReserved,
      transcript: job.transcript,
      likelyLyrics: job.likelyLyrics,
      error: job.errorCode ? { code: job.errorCode, message: job.errorMessage ?? '' } : null,
      attempts: job.attempts,
      createdAt: job.createdAt.toISOString(),
      completedAt: job.completedAt?.toISOString() ?? null,
    };
  }
}

export class TranscriptionJobParams {
  @ApiProperty({ format: 'uuid', description: 'The jobId POST /v1/ai/transcribe returned.' })
  @IsUUID('all', { message: 'must be a job id (UUID)' })
  jobId: string;
}
