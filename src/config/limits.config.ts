import { Expose, Transform } from 'class-transformer';
import { IsIP, IsOptional, IsUUID } from 'class-validator';
import { EnvBoolean, EnvInt } from './env-decorators';

const list = ({ value }: { value?: string }): string[] | undefined =>
  value === undefined
    ? undefined
    : value
        .split(',')
        .map((item) => item.trim())
        .filter((item) => item !== '');

export class LimitsEnv {
  @EnvBoolean()
  SOKU_RATE_LIMIT_ENABLED?: boolean;

  @Expose()
  @Transform(list)
  @IsOptional()
  @IsIP(undefined, { each: true, message: 'must be a comma-separated list of IP addresses' })
  SOKU_RATE_LIMIT_ADMIN_IPS?: string[];

  @Expose()
  @Transform(list)
  @IsOptional()
  @IsUUID('all', { each: true, message: 'must be a comma-separated list of user ids (UUIDs)' })
  SOKU_RATE_LIMIT_ADMIN_USER_IDS?: string[];

  @EnvInt({ default: 250, min: 10, max: 5000, unit: 'milliseconds' })
  SOKU_RATE_LIMIT_REDIS_TIMEOUT_MS: number;

  @EnvInt({ default: 24, min: 1, max: 720, unit: 'hours' })
  SOKU_IDEMPOTENCY_TTL_HOURS: number;

  @EnvInt({ default: 30, min: 2, max: 3600, unit: 'seconds' })
  SOKU_IDEMPOTENCY_LOCK_SECONDS: number;

  @EnvInt({ default: 30, min: 1, max: 3650, unit: 'days' })
  SOKU_REQUEST_LOG_RETENTION_DAYS: number;
}

/** Rate limits, idempotency keys and the request log. */
export interface LimitsConfig {
  rateLimit: {
    /** false only behind a gateway that limits already: no limits and no X-RateLimit headers. */
    enabled: boolean;
    /** Callers from these IPs get the admin tier. */
    adminIps: string[];
    /** These users get the admin tier (besides users flagged admin). */
    adminUserIds: string[];
    /** A Redis call slower than this fails open (in-memory buckets for this instance). */
    redisTimeoutMs: number;
  };
  idempotency: {
    ttlSeconds: number;
    /** An in-flight claim not renewed for this long (its process died) can be taken over. */
    lockSeconds: number;
  };
  requestLog: { retentionDays: number };
}

export function toLimitsConfig(env: LimitsEnv): LimitsConfig {
  return {
    rateLimit: {
      enabled: env.SOKU_RATE_LIMIT_ENABLED ?? true,
      adminIps: env.SOKU_RATE_LIMIT_ADMIN_IPS ?? [],
      adminUserIds: (env.SOKU_RATE_LIMIT_ADMIN_USER_IDS ?? []).map((id) => id.toLowerCase()),
      redisTimeoutMs: env.SOKU_RATE_LIMIT_REDIS_TIMEOUT_MS,
    },
    idempotency: {
      ttlSeconds: env.SOKU_IDEMPOTENCY_TTL_HOURS * 3600,
      lockSeconds: env.SOKU_IDEMPOTENCY_LOCK_SECONDS,
    },
    requestLog: { retentionDays: env.SOKU_REQUEST_LOG_RETENTION_DAYS },
  };
}
