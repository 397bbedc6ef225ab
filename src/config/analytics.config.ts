import { Expose, Transform } from 'class-transformer';
import { ArrayMaxSize, ArrayMinSize, ValidateBy } from 'class-validator';
import { EnvInt } from './env-decorators';
import { toList } from './env-slice';
import { parseDurationMs } from './webhooks.config';

/** After publishing: read at 1 h, 6 h, a day, a week and a month, thinning with age. */
const DEFAULT_METRICS_SCHEDULE = '1h,6h,24h,168h,720h';

export class AnalyticsEnv {
  @Expose()
  @Transform(({ value }: { value?: string }) =>
    toList({ value: value ?? DEFAULT_METRICS_SCHEDULE }),
  )
  @ArrayMinSize(1, { message: 'must list at least one delay' })
  @ArrayMaxSize(20, { message: 'must list at most 20 delays' })
  @ValidateBy(
    {
      name: 'duration',
      validator: {
        validate: (v: unknown) => typeof v === 'string' && !Number.isNaN(parseDurationMs(v)),
      },
    },
    { each: true, message: 'each delay must be a number with ms, s, m or h, e.g. 1h,6h,24h' },
  )
  SOKU_METRICS_SCHEDULE: string[];

  /** Low on purpose: metric reads must never take the workers' time from publishing. */
  @EnvInt({ default: 2, min: 1, max: 20 })
  SOKU_METRICS_CONCURRENCY: number;

  @EnvInt({ default: 60_000, min: 100, max: 3_600_000, unit: 'milliseconds' })
  SOKU_METRICS_PASS_INTERVAL_MS: number;
}

/** The metrics collector: when published posts are read, and how much of a worker it may take. */
export interface AnalyticsConfig {
  /** Reads after publishing, ascending; a late pass skips the steps already past. */
  scheduleMs: number[];
  concurrency: number;
  passIntervalMs: number;
}

export function toAnalyticsConfig(env: AnalyticsEnv): AnalyticsConfig {
  return {
    scheduleMs: env.SOKU_METRICS_SCHEDULE.map(parseDurationMs).sort((a, b) => a - b),
    concurrency: env.SOKU_METRICS_CONCURRENCY,
    passIntervalMs: env.SOKU_METRICS_PASS_INTERVAL_MS,
  };
}
