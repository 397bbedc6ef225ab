import { Expose, Transform } from 'class-transformer';
import { IsIn, IsOptional, IsString, IsUrl, Matches, ValidateBy } from 'class-validator';
import { EnvInt } from './env-decorators';
import { parseTrustProxy, type TrustProxy } from './trust-proxy';

export const SOKU_ROLES = ['all', 'api', 'worker'] as const;
export type SokuRole = (typeof SOKU_ROLES)[number];

export const NODE_ENVS = ['development', 'production', 'test'] as const;
export type NodeEnv = (typeof NODE_ENVS)[number];

export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

export class AppEnv {
  @EnvInt({ default: 3000, min: 0, max: 65535 })
  PORT: number;

  @Expose()
  @IsOptional()
  @IsString()
  HOST?: string;

  @Expose()
  @Transform(({ value }: { value?: string }) => value ?? 'all')
  @IsIn(SOKU_ROLES, { message: `must be one of: ${SOKU_ROLES.join(', ')}` })
  SOKU_ROLE: SokuRole;

  @Expose()
  @IsOptional()
  @IsUrl(
    { require_tld: false, protocols: ['http', 'https'], require_protocol: true },
    { message: 'must be an http(s) URL, e.g. https://soku.example.com' },
  )
  SOKU_PUBLIC_URL?: string;

  @Expose()
  @Transform(({ value }: { value?: string }) => value ?? './.soku')
  @IsString()
  SOKU_DATA_DIR: string;

  @Expose()
  @Transform(({ value }: { value?: string }) => value ?? 'production')
  @IsIn(NODE_ENVS, { message: `must be one of: ${NODE_ENVS.join(', ')}` })
  NODE_ENV: NodeEnv;

  @Expose()
  @IsOptional()
  @IsIn(LOG_LEVELS, { message: `must be one of: ${LOG_LEVELS.join(', ')}` })
  LOG_LEVEL?: LogLevel;

  @EnvInt({ default: 10_000, min: 0, max: 600_000, unit: 'milliseconds' })
  SOKU_SHUTDOWN_TIMEOUT_MS: number;

  @EnvInt({ default: 100, min: 0, max: 300 })
  SOKU_HEAP_GROWTH_PERCENT: number;

  @Expose()
  @IsOptional()
  @Matches(/^[\x21-\x7e]{16,256}$/, {
    message: 'must be 16–256 printable characters without spaces',
  })
  SOKU_METRICS_TOKEN?: string;

  @Expose()
  @Transform(({ value }: { value?: string }) => value ?? 'loopback')
  @ValidateBy({
    name: 'trustProxy',
    validator: {
      validate: (value: unknown) =>
        typeof value === 'string' && parseTrustProxy(value) !== undefined,
      defaultMessage: () =>
        "must be Express's trust proxy syntax: true, false, a hop count, or a comma-separated list of loopback, linklocal, uniquelocal, IPs and CIDRs",
    },
  })
  SOKU_TRUST_PROXY: string;
}

/** HTTP server, process role and paths. */
export interface AppConfig {
  port: number;
  host: string;
  role: SokuRole;
  publicUrl: string;
  dataDir: string;
  nodeEnv: NodeEnv;
  logLevel: LogLevel;
  shutdownTimeoutMs: number;
  /** How far V8 lets the heap grow past the live set after a full GC (0: V8's own choice). */
  heapGrowthPercent: number;
  /** Bearer token of `GET /metrics`; unset, the endpoint answers 404 (metrics disabled). */
  metricsToken: string | undefined;
  /**
   * Which peers' X-Forwarded-For decides the client IP (rate-limit buckets, admin IPs, the request
   * log). Loopback only by default: a client elsewhere on the LAN cannot pick its own address.
   */
  trustProxy: TrustProxy;
}
