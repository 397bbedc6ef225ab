import { Expose, Transform } from 'class-transformer';
import { Matches } from 'class-validator';
import { EnvInt } from './env-decorators';
import type { PublishLimitsConfig } from './publish-limits.config';

export class OrchestrationEnv {
  @Expose()
  @Transform(({ value }: { value?: string }) => value ?? 'soku')
  @Matches(/^[A-Za-z0-9_-]{1,40}$/, { message: 'must be 1–40 letters, digits, - or _' })
  SOKU_QUEUE_PREFIX: string;

  /**
   * A publish job mostly waits on the platform, so this is I/O concurrency: a worker publishes
   * about 500 runs a second of CPU, so platforms answering in 0.5–1 s need 250–1,000 jobs in
   * flight to reach it (Little's law). 1,000 lets the top of the hour's 1,000 posts all be in
   * flight at once (bench/due.bench.ts: p99 lateness 2.7 s at 300, 1.9 s at 1,000; +58 MiB). A
   * run holds no database connection while it waits, and claims, started marks and settles of
   * concurrent runs share statements (RunClaims, RunSettler), so the pool (DATABASE_POOL_SIZE,
   * 10) is not what queues them; per-account and per-platform limits are the throttle's.
   */
  @EnvInt({ default: 1000, min: 1, max: 2000 })
  SOKU_PUBLISH_CONCURRENCY: number;

  @EnvInt({ default: 5, min: 1, max: 20 })
  SOKU_PUBLISH_MAX_ATTEMPTS: number;

  @EnvInt({ default: 2000, min: 10, max: 3_600_000, unit: 'milliseconds' })
  SOKU_RETRY_BASE_MS: number;

  /** Two days: room for a platform's daily posting window (24 h) and a throttle on top. */
  @EnvInt({ default: 48 * 3_600_000, min: 1000, max: 30 * 86_400_000, unit: 'milliseconds' })
  SOKU_PUBLISH_MAX_DEFERRAL_MS: number;

  @EnvInt({ default: 5000, min: 100, max: 600_000, unit: 'milliseconds' })
  SOKU_RECONCILE_INTERVAL_MS: number;

  @EnvInt({ default: 300_000, min: 1000, max: 3_600_000, unit: 'milliseconds' })
  SOKU_RUN_LEASE_MS: number;

  @EnvInt({ default: 30_000, min: 0, max: 3_600_000, unit: 'milliseconds' })
  SOKU_WORKER_DRAIN_TIMEOUT_MS: number;

  @EnvInt({ default: 5000, min: 100, max: 600_000, unit: 'milliseconds' })
  SOKU_WORKER_HEARTBEAT_MS: number;
}

/** Queues, retries and the reconciler. */
export interface OrchestrationConfig {
  /** Redis key prefix of the queues: separates deployments (and test runs) sharing a Redis. */
  queuePrefix: string;
  publishConcurrency: number;
  maxAttempts: number;
  /** First retry delay; doubles each attempt, with jitter. */
  retryBaseMs: number;
  /**
   * Deferrals (quota windows, throttling, media processing) give the attempt back, so they are
   * bounded in time instead: a run first deferred longer ago than this, or asked to wait past it,
   * fails with the platform's last message.
   */
  maxDeferralMs: number;
  reconcileIntervalMs: number;
  /** How long a worker's claim on a run lasts before the reconciler may recover it. */
  runLeaseMs: number;
  /**
   * On SIGTERM a worker stops taking jobs and waits this long for its active ones to finish;
   * what is still running then is recovered by another worker once its lease lapses.
   */
  drainTimeoutMs: number;
  /** How often workers consume a heartbeat job; readiness fails after three missed beats. */
  heartbeatMs: number;
  /** Per-account and per-platform concurrency and posting limits of the publish calls. */
  publishLimits: PublishLimitsConfig;
}
