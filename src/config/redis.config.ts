import { Expose } from 'class-transformer';
import { IsOptional, Matches } from 'class-validator';
import { EnvInt } from './env-decorators';

export class RedisEnv {
  @Expose()
  @IsOptional()
  @Matches(/^rediss?:\/\/.+/, { message: 'must be a Redis URL, e.g. redis://127.0.0.1:6379/0' })
  REDIS_URL?: string;

  @EnvInt({ default: 500, min: 10, max: 60_000, unit: 'milliseconds' })
  SOKU_REDIS_COMMAND_TIMEOUT_MS: number;
}

/** Redis backs the queue, shared rate-limit counters and the auth cache in scaled mode. */
export interface RedisConfig {
  /** Unset means embedded mode: in-process queue and in-memory counters. */
  url?: string;
  /**
   * Longest wait for one Redis command on a request path (cache read, queue add, readiness
   * ping); a stalled Redis then degrades the request instead of holding it for the stall.
   */
  commandTimeoutMs: number;
}
