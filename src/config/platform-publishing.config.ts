import { Expose, Transform } from 'class-transformer';
import {
  IsIn,
  Matches,
  Validate,
  ValidatorConstraint,
  type ValidatorConstraintInterface,
} from 'class-validator';
import { EnvInt } from './env-decorators';

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

export class PlatformPublishingEnv {
  @EnvInt({ default: 120_000, min: 1000, max: 3_600_000, unit: 'milliseconds' })
  SOKU_PLATFORM_TIMEOUT_MS: number;

  @EnvInt({ default: 10_000, min: 10, max: 3_600_000, unit: 'milliseconds' })
  SOKU_PLATFORM_POLL_INTERVAL_MS: number;

  @EnvInt({ default: 6 * 3_600_000, min: 1000, max: 7 * 86_400_000, unit: 'milliseconds' })
  SOKU_PLATFORM_POLL_TIMEOUT_MS: number;

  @EnvInt({ default: 3_600_000, min: 10, max: 86_400_000, unit: 'milliseconds' })
  SOKU_PLATFORM_QUOTA_RETRY_MS: number;

  @Expose()
  @Transform(({ value }: { value?: string }) => value ?? 'FILE_UPLOAD')
  @IsIn(['FILE_UPLOAD', 'PULL_FROM_URL'], { message: 'must be FILE_UPLOAD or PULL_FROM_URL' })
  SOKU_TIKTOK_VIDEO_SOURCE: 'FILE_UPLOAD' | 'PULL_FROM_URL';

  @EnvInt({ default: 10 * MIB, min: 5 * MIB, max: 64 * MIB, unit: 'bytes' })
  SOKU_TIKTOK_CHUNK_BYTES: number;

  @EnvInt({ default: 8 * MIB, min: YOUTUBE_CHUNK_UNIT, max: 1024 * MIB, unit: 'bytes' })
  @Validate(MultipleOfYoutubeUnit)
  SOKU_YOUTUBE_CHUNK_BYTES: number;

  @Expose()
  @Transform(({ value }: { value?: string }) => value ?? '202510')
  @Matches(/^20\d{2}(0[1-9]|1[0-2])$/, { message: 'must be a LinkedIn API version, YYYYMM' })
  SOKU_LINKEDIN_VERSION: string;

  @EnvInt({ default: 32 * MIB, min: 1024, max: 32 * MIB, unit: 'bytes' })
  SOKU_SNAPCHAT_CHUNK_BYTES: number;
}

/** How the platform connectors talk to the platforms: timeouts, polling, chunk sizes, versions. */
export interface PlatformPublishingConfig {
  /** Deadline of one call to a platform (one upload chunk included). */
  timeoutMs: number;
  /** How soon a run whose media the platform is still processing is looked at again. */
  pollIntervalMs: number;
  /** How long a run may wait on the platform's processing before it fails. */
  pollTimeoutMs: number;
  /** How long a run waits after the platform says a posting quota is used up. */
  quotaRetryMs: number;
  tiktokVideoSource: 'FILE_UPLOAD' | 'PULL_FROM_URL';
  tiktokChunkBytes: number;
  youtubeChunkBytes: number;
  linkedinVersion: string;
  snapchatChunkBytes: number;
}

export function toPlatformPublishingConfig(env: PlatformPublishingEnv): PlatformPublishingConfig {
  return {
    timeoutMs: env.SOKU_PLATFORM_TIMEOUT_MS,
    pollIntervalMs: env.SOKU_PLATFORM_POLL_INTERVAL_MS,
    pollTimeoutMs: env.SOKU_PLATFORM_POLL_TIMEOUT_MS,
    quotaRetryMs: env.SOKU_PLATFORM_QUOTA_RETRY_MS,
    tiktokVideoSource: env.SOKU_TIKTOK_VIDEO_SOURCE,
    tiktokChunkBytes: env.SOKU_TIKTOK_CHUNK_BYTES,
    youtubeChunkBytes: env.SOKU_YOUTUBE_CHUNK_BYTES,
    linkedinVersion: env.SOKU_LINKEDIN_VERSION,
    snapchatChunkBytes: env.SOKU_SNAPCHAT_CHUNK_BYTES,
  };
}
