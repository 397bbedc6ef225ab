import { Expose, Transform } from 'class-transformer';
import { Matches } from 'class-validator';
import { EnvInt } from './env-decorators';

const VERSION = /^v\d{1,2}\.\d$/;

export class PlatformApiEnv {
  @Expose()
  @Transform(({ value }: { value?: string }) => value ?? 'v23.0')
  @Matches(VERSION, { message: 'must be a Graph API version such as v23.0' })
  SOKU_META_GRAPH_VERSION: string;

  @Expose()
  @Transform(({ value }: { value?: string }) => value ?? 'v1.0')
  @Matches(VERSION, { message: 'must be a Threads API version such as v1.0' })
  SOKU_THREADS_API_VERSION: string;

  @EnvInt({ default: 30_000, min: 100, max: 600_000, unit: 'milliseconds' })
  SOKU_PLATFORM_TIMEOUT_MS: number;

  @EnvInt({ default: 2_000, min: 1, max: 60_000, unit: 'milliseconds' })
  SOKU_PLATFORM_POLL_INTERVAL_MS: number;

  @EnvInt({ default: 10_000, min: 1, max: 300_000, unit: 'milliseconds' })
  SOKU_PLATFORM_POLL_MAX_INTERVAL_MS: number;

  @EnvInt({ default: 25, min: 1, max: 1_000 })
  SOKU_PLATFORM_POLL_MAX_ATTEMPTS: number;

  @EnvInt({ default: 1024 * 1024, min: 1024, max: 5 * 1024 * 1024, unit: 'bytes' })
  SOKU_X_UPLOAD_CHUNK_BYTES: number;
}

/** How the platform connectors talk to the platforms' APIs (bases come from the integrations slice). */
export interface PlatformApiConfig {
  /** Graph API version of Facebook Pages and Instagram calls, e.g. v23.0. */
  metaGraphVersion: string;
  /** Threads API version, e.g. v1.0. */
  threadsVersion: string;
  /** Deadline of one HTTP call to a platform (one upload chunk, one container check). */
  timeoutMs: number;
  /**
   * Waiting for the platform to process media (Meta containers, X video): the first pause, the
   * longest pause (pauses grow 1.5× and follow X's check_after_secs within these bounds) and how
   * many checks before the run fails with `media_processing_timeout`.
   */
  pollIntervalMs: number;
  pollMaxIntervalMs: number;
  pollMaxAttempts: number;
  /** Size of one APPEND segment of X's chunked media upload (X accepts up to 5 MB). */
  xUploadChunkBytes: number;
}

export function toPlatformApiConfig(env: PlatformApiEnv): PlatformApiConfig {
  return {
    metaGraphVersion: env.SOKU_META_GRAPH_VERSION,
    threadsVersion: env.SOKU_THREADS_API_VERSION,
    timeoutMs: env.SOKU_PLATFORM_TIMEOUT_MS,
    pollIntervalMs: env.SOKU_PLATFORM_POLL_INTERVAL_MS,
    pollMaxIntervalMs: Math.max(
      env.SOKU_PLATFORM_POLL_MAX_INTERVAL_MS,
      env.SOKU_PLATFORM_POLL_INTERVAL_MS,
    ),
    pollMaxAttempts: env.SOKU_PLATFORM_POLL_MAX_ATTEMPTS,
    xUploadChunkBytes: env.SOKU_X_UPLOAD_CHUNK_BYTES,
  };
}
