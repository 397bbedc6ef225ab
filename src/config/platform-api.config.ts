import { Expose, Transform } from 'class-transformer';
import {
  IsIn,
  Matches,
  Validate,
  ValidatorConstraint,
  type ValidatorConstraintInterface,
} from 'class-validator';
import { EnvBoolean, EnvInt } from './env-decorators';

const VERSION = /^v\d{1,2}\.\d$/;
const MIB = 1024 * 1024;
/** YouTube's resumable protocol: every chunk but the last is a multiple of 256 KiB. */
export const YOUTUBE_CHUNK_UNIT = 256 * 1024;

@ValidatorConstraint({ name: 'multipleOfYoutubeUnit' })
class MultipleOfYoutubeUnit implements ValidatorConstraintInterface {
  validate(value: unknown): boolean {
    return typeof value === 'number' && value % YOUTUBE_CHUNK_UNIT === 0;
  }
  defaultMessage(): string {
    return `must be a multiple of ${YOUTUBE_CHUNK_UNIT} bytes (256 KiB)`;
  }
}

export class PlatformApiEnv {
  @Expose()
  @Transform(({ value }: { value?: string }) => value ?? 'v23.0')
  @Matches(VERSION, { message: 'must be a Graph API version such as v23.0' })
  SOKU_META_GRAPH_VERSION: string;

  @Expose()
  @Transform(({ value }: { value?: string }) => value ?? 'v1.0')
  @Matches(VERSION, { message: 'must be a Threads API version such as v1.0' })
  SOKU_THREADS_API_VERSION: string;

  @Expose()
  @Transform(({ value }: { value?: string }) => value ?? '202611')
  @Matches(/^20\d{2}(0[1-9]|1[0-2])$/, { message: 'must be a LinkedIn API version, YYYYMM' })
  SOKU_LINKEDIN_VERSION: string;

  @EnvInt({ default: 120_000, min: 100, max: 3_600_000, unit: 'milliseconds' })
  SOKU_PLATFORM_TIMEOUT_MS: number;

  @EnvInt({ default: 2_000, min: 1, max: 3_600_000, unit: 'milliseconds' })
  SOKU_PLATFORM_POLL_INTERVAL_MS: number;

  @EnvInt({ default: 10_000, min: 1, max: 3_600_000, unit: 'milliseconds' })
  SOKU_PLATFORM_POLL_MAX_INTERVAL_MS: number;

  /** 12 pauses from 2 s growing to 10 s: about 96 s, inside the 40 % of the run lease a call gets. */
  @EnvInt({ default: 12, min: 1, max: 1_000 })
  SOKU_PLATFORM_POLL_MAX_ATTEMPTS: number;

  /** Meta advises checking a container once a minute (Threads API troubleshooting). */
  @EnvInt({ default: 60_000, min: 1, max: 3_600_000, unit: 'milliseconds' })
  SOKU_MEDIA_PROCESSING_RECHECK_MS: number;

  @EnvInt({ default: 30 * 60_000, min: 100, max: 86_400_000, unit: 'milliseconds' })
  SOKU_MEDIA_PROCESSING_MAX_WAIT_MS: number;

  @EnvInt({ default: 6 * 3_600_000, min: 1000, max: 7 * 86_400_000, unit: 'milliseconds' })
  SOKU_PLATFORM_POLL_TIMEOUT_MS: number;

  @EnvInt({ default: 3_600_000, min: 10, max: 86_400_000, unit: 'milliseconds' })
  SOKU_PLATFORM_QUOTA_RETRY_MS: number;

  @EnvInt({ default: MIB, min: 1024, max: 5 * MIB, unit: 'bytes' })
  SOKU_X_UPLOAD_CHUNK_BYTES: number;

  @Expose()
  @Transform(({ value }: { value?: string }) => value ?? 'FILE_UPLOAD')
  @IsIn(['FILE_UPLOAD', 'PULL_FROM_URL'], { message: 'must be FILE_UPLOAD or PULL_FROM_URL' })
  SOKU_TIKTOK_VIDEO_SOURCE: 'FILE_UPLOAD' | 'PULL_FROM_URL';

  @EnvInt({ default: 10 * MIB, min: 5 * MIB, max: 64 * MIB, unit: 'bytes' })
  SOKU_TIKTOK_CHUNK_BYTES: number;

  /** TikTok allows 30 status/fetch calls a minute per token: 5 s keeps one run at 12. */
  @EnvInt({ default: 5_000, min: 100, max: 3_600_000, unit: 'milliseconds' })
  SOKU_TIKTOK_STATUS_POLL_MS: number;

  @EnvBoolean()
  SOKU_TIKTOK_APP_AUDITED?: boolean;

  @EnvInt({ default: 8 * MIB, min: YOUTUBE_CHUNK_UNIT, max: 1024 * MIB, unit: 'bytes' })
  @Validate(MultipleOfYoutubeUnit)
  SOKU_YOUTUBE_CHUNK_BYTES: number;

  @EnvInt({ default: 32 * MIB, min: 1024, max: 32 * MIB, unit: 'bytes' })
  SOKU_SNAPCHAT_CHUNK_BYTES: number;
}

/**
 * How the platform connectors talk to the platforms' APIs: versions, timeouts, waiting on
 * processing, chunk sizes (the API bases come from the integrations slice).
 */
export interface PlatformApiConfig {
  /** Graph API version of Facebook Pages and Instagram calls, e.g. v23.0. */
  metaGraphVersion: string;
  /** Threads API version, e.g. v1.0. */
  threadsVersion: string;
  /** The `LinkedIn-Version` header, YYYYMM, of publishing and of the OAuth organization look-up. */
  linkedinVersion: string;
  /** Deadline of one HTTP call to a platform (one upload chunk, one status check). */
  timeoutMs: number;
  /**
   * Waiting for the platform to process media. Within one attempt (Meta containers, X video):
   * the first pause, the longest pause (pauses grow 1.5× and follow X's check_after_secs within
   * these bounds) and how many checks before `media_processing_timeout`. Across attempts
   * (TikTok, LinkedIn video): the run is looked at again every `pollIntervalMs`, for at most
   * `pollTimeoutMs`.
   */
  pollIntervalMs: number;
  pollMaxIntervalMs: number;
  pollMaxAttempts: number;
  pollTimeoutMs: number;
  /**
   * Meta containers and X media still processing after `pollMaxAttempts` checks: the run is
   * deferred (the worker released, the container or media id kept on the run) and looked at again
   * after X's check_after_secs, else after `processingRecheckMs` growing with the time waited; once
   * `processingMaxWaitMs` has passed since the upload, `media_processing_timeout`.
   */
  processingRecheckMs: number;
  processingMaxWaitMs: number;
  /** How long a run waits after a platform says a posting quota is used up, without a reset time. */
  quotaRetryMs: number;
  /** Size of one APPEND segment of X's chunked media upload (X accepts up to 5 MB). */
  xUploadChunkBytes: number;
  tiktokVideoSource: 'FILE_UPLOAD' | 'PULL_FROM_URL';
  tiktokChunkBytes: number;
  /** First pause between TikTok status/fetch polls (grows 1.5× per poll). */
  tiktokStatusPollMs: number;
  /** False for an app TikTok has not audited: it may only post SELF_ONLY. */
  tiktokAppAudited: boolean;
  youtubeChunkBytes: number;
  snapchatChunkBytes: number;
}

export function toPlatformApiConfig(env: PlatformApiEnv): PlatformApiConfig {
  return {
    metaGraphVersion: env.SOKU_META_GRAPH_VERSION,
    threadsVersion: env.SOKU_THREADS_API_VERSION,
    linkedinVersion: env.SOKU_LINKEDIN_VERSION,
    timeoutMs: env.SOKU_PLATFORM_TIMEOUT_MS,
    pollIntervalMs: env.SOKU_PLATFORM_POLL_INTERVAL_MS,
    pollMaxIntervalMs: Math.max(
      env.SOKU_PLATFORM_POLL_MAX_INTERVAL_MS,
      env.SOKU_PLATFORM_POLL_INTERVAL_MS,
    ),
    pollMaxAttempts: env.SOKU_PLATFORM_POLL_MAX_ATTEMPTS,
    pollTimeoutMs: env.SOKU_PLATFORM_POLL_TIMEOUT_MS,
    processingRecheckMs: env.SOKU_MEDIA_PROCESSING_RECHECK_MS,
    processingMaxWaitMs: env.SOKU_MEDIA_PROCESSING_MAX_WAIT_MS,
    quotaRetryMs: env.SOKU_PLATFORM_QUOTA_RETRY_MS,
    xUploadChunkBytes: env.SOKU_X_UPLOAD_CHUNK_BYTES,
    tiktokVideoSource: env.SOKU_TIKTOK_VIDEO_SOURCE,
    tiktokChunkBytes: env.SOKU_TIKTOK_CHUNK_BYTES,
    tiktokStatusPollMs: env.SOKU_TIKTOK_STATUS_POLL_MS,
    tiktokAppAudited: env.SOKU_TIKTOK_APP_AUDITED ?? true,
    youtubeChunkBytes: env.SOKU_YOUTUBE_CHUNK_BYTES,
    snapchatChunkBytes: env.SOKU_SNAPCHAT_CHUNK_BYTES,
  };
}
