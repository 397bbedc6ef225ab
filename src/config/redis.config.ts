import { Expose } from 'class-transformer';
import { IsOptional, Matches } from 'class-validator';

export class RedisEnv {
  @Expose()
  @IsOptional()
  @Matches(/^rediss?:\/\/.+/, { message: 'must be a Redis URL, e.g. redis://127.0.0.1:6379/0' })
  REDIS_URL?: string;
}

/** Redis backs the queue, shared rate-limit counters and the auth cache in scaled mode. */
export interface RedisConfig {
  /** Unset means embedded mode: in-process queue and in-memory counters. */
  url?: string;
}
